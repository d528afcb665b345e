"""Time negedu's focal loss and its linear trainer against their references, side by side.

Usage::

    python benchmarks/bench_focal.py              # n = 1,000,000 logits, 1 % positives
    python benchmarks/bench_focal.py --n 100000 --repeats 5

References: scikit-learn's ``log_loss`` on the sigmoid (softmax) probabilities at gamma = 0,
torchvision's ``sigmoid_focal_loss`` formula written in NumPy from probabilities (PyTorch is
not installed), and ``LogisticRegression`` for ``fit_linear_focal`` at gamma = 0. The floor is
one ``np.logaddexp(0, z)`` over the logits, the least any stable implementation must do.
negedu computes from logits with ``np.logaddexp`` (two or three passes), so it is expected to
cost a few floors; the naive probability formula is cheaper but returns ``inf`` for large logits.
"""

import argparse
import warnings

import numpy as np

from _harness import compare, parse_args, print_table

from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

from negedu.losses import fit_linear_focal, sigmoid_focal_loss, sigmoid_focal_loss_grad, softmax_focal_loss


def torchvision_formula(y, z, alpha, gamma):
    """torchvision.ops.sigmoid_focal_loss(reduction="mean"), written with probabilities."""
    p = 1 / (1 + np.exp(-z))
    ce = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    p_t = p * y + (1 - p) * (1 - y)
    loss = ce * (1 - p_t) ** gamma
    if alpha >= 0:
        loss = (alpha * y + (1 - alpha) * (1 - y)) * loss
    return loss.mean()


def torchvision_grad(y, z, alpha, gamma):
    """The paper's gradient formula from probabilities, the way one would write it next to torchvision."""
    p = 1 / (1 + np.exp(-z))
    p_t = p * y + (1 - p) * (1 - y)
    alpha_t = alpha * y + (1 - alpha) * (1 - y)
    return (2 * y - 1) * alpha_t * (1 - p_t) ** gamma * (gamma * p_t * np.log(p_t) + p_t - 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="number of logits (default 1,000,000)")
    parser.add_argument("--positive-rate", type=float, default=0.01)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--seed", type=int, default=0)
    args = parse_args(parser)
    warnings.simplefilter("ignore")

    rng = np.random.default_rng(args.seed)
    y = (rng.random(args.n) < args.positive_rate).astype(np.int64)
    z = 2 * rng.normal(size=args.n) + 3 * y - 3  # moderate logits: the naive formula stays finite
    p = 1 / (1 + np.exp(-z))
    n_soft, k = args.n // 10, 10
    Z = rng.normal(size=(n_soft, k))
    labels = rng.integers(k, size=n_soft)
    floor = lambda: np.logaddexp(0.0, z)  # noqa: E731
    timing = dict(repeats=args.repeats, memory=True)

    loss_rows = [
        compare("sigmoid_focal_loss, γ=0 vs log_loss", ours=lambda: sigmoid_focal_loss(y, z, alpha=None, gamma=0),
                reference=lambda: log_loss(y, 1 / (1 + np.exp(-z))), floor=floor, **timing),
        compare("sigmoid_focal_loss, γ=2, α=0.25 vs torchvision formula",
                ours=lambda: sigmoid_focal_loss(y, z, alpha=0.25, gamma=2),
                reference=lambda: torchvision_formula(y, z, 0.25, 2), floor=floor, **timing),
        compare("sigmoid_focal_loss_grad, γ=2 vs the paper's formula",
                ours=lambda: sigmoid_focal_loss_grad(y, z, alpha=0.25, gamma=2, reduction="none"),
                reference=lambda: torchvision_grad(y, z, 0.25, 2), floor=floor, **timing),
        compare(f"softmax_focal_loss, γ=0, {n_soft:,} x {k} vs log_loss",
                ours=lambda: softmax_focal_loss(labels, Z, gamma=0),
                reference=lambda: log_loss(labels, np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)),
                floor=lambda: np.logaddexp.reduce(Z, axis=1), **timing),
    ]

    n_fit = min(args.n // 10, 100_000)
    X = rng.normal(size=(n_fit, 10))
    y_fit = (X @ np.linspace(-1, 1, 10) + rng.logistic(size=n_fit) > 3).astype(int)
    fit_rows = [
        compare(f"fit_linear_focal, γ=0 vs LogisticRegression, {n_fit:,} x 10",
                ours=lambda: fit_linear_focal(X, y_fit, gamma=0),
                reference=lambda: LogisticRegression(C=1.0).fit(X, y_fit), repeats=max(3, args.repeats // 2)),
        compare(f"fit_linear_focal, γ=2 vs LogisticRegression, {n_fit:,} x 10",
                ours=lambda: fit_linear_focal(X, y_fit, gamma=2, alpha=0.25, prior=0.01),
                reference=lambda: LogisticRegression(C=1.0).fit(X, y_fit), repeats=max(3, args.repeats // 2)),
    ]
    print(f"n = {args.n:,}, positives = {args.positive_rate:.1%}, repeats = {args.repeats}; "
          f"mean p = {p.mean():.3f}")
    print_table(loss_rows, "Losses (floor: one np.logaddexp over the logits)")
    print_table(fit_rows, "Training a linear model (reference: scikit-learn's default lbfgs solver)")


if __name__ == "__main__":
    main()
