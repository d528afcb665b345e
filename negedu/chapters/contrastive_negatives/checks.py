"""Checks for the exercises of Chapter 15, "Negatives we construct".

Each check returns a :class:`~negedu.exercises.Feedback`; none of them raises.
"""

import numpy as np

from negedu.contrastive import batch_all_triplet_loss, batch_hard_triplet_loss, nt_xent_loss, semi_hard_triplet_loss
from negedu.exercises import Feedback, Mistake, check_function, check_number, is_unanswered

__all__ = [
    "check_negatives_per_positive",
    "TINY_Z1",
    "TINY_Z2",
    "check_tiny_nt_xent",
    "check_semi_hard",
    "my_batch",
    "check_batch_hard",
]

#: The tiny batch of exercise 2: two examples, two views each (not unit length on purpose).
TINY_Z1 = np.array([[2.0, 0.0], [0.0, 1.0]])
TINY_Z2 = np.array([[3.0, 1.0], [1.0, 2.0]])


def check_negatives_per_positive(n_negatives, positive_share):
    """Exercise 1: word2vec with k = 15, the negatives per observed pair and the share of positives."""
    ex = "contrastive-negatives 1"
    if is_unanswered(n_negatives) or is_unanswered(positive_share):
        return Feedback("unanswered", "set both n_negatives and positive_share, then run the check again.", exercise=ex)
    first = check_number(n_negatives, 15, exercise=ex, tol=0, mistakes=[
        Mistake(16, "16 counts the observed pair too; the question asks for the negatives only."),
        Mistake(5, "5 is word2vec's usual k, but this exercise uses k = 15."),
    ])
    if not first:
        return first
    return check_number(positive_share, 1 / 16, exercise=ex, mistakes=[
        Mistake(1 / 15, "1/15 is the ratio of positives to negatives; the share divides by all 16 binary examples."),
        Mistake(15 / 16, "That is the share of negatives. The positives are the one observed pair in 16."),
        Mistake(15, "That is the imbalance ratio IR = 15; the share of positives is 1 / (1 + 15)."),
    ], explain="15 negatives per positive: each binary problem is imbalanced 1 : 15, a positive share of 1/16 = 6.25 %, "
               "more skewed than most fraud data sets.")


def _nt_xent_variants():
    z1, z2 = TINY_Z1, TINY_Z2
    right = nt_xent_loss(z1, z2, temperature=0.5)
    z = np.concatenate([z1, z2])
    raw = z @ z.T / 0.5  # forgot to normalise
    u = z / np.linalg.norm(z, axis=1, keepdims=True)
    S = u @ u.T / 0.5
    targets = np.array([2, 3, 0, 1])
    rows = np.arange(4)
    with_self = np.mean(np.log(np.exp(S).sum(axis=1)) - S[rows, targets])
    masked = raw.copy()
    np.fill_diagonal(masked, -np.inf)
    m = masked.max(axis=1, keepdims=True)
    unnormalised = np.mean(np.log(np.exp(masked - m).sum(axis=1)) + m[:, 0] - raw[rows, targets])
    return right, [
        Mistake(nt_xent_loss(z1, z2, temperature=0.5, reduction="sum"), "That is the sum of the 4 terms; the loss is their mean."),
        Mistake(2 * right, "That is twice the loss, the scale of the public SimCLR code (two directions averaged over N). "
                "The paper averages over the 2N views."),
        Mistake(with_self, "Your denominator includes each view's similarity with itself (k = i). Leave the diagonal out."),
        Mistake(unnormalised, "Use cosine similarities: divide each vector by its length before the dot products."),
        Mistake(nt_xent_loss(z1, z2, temperature=1.0), "That is the loss at temperature 1; divide the similarities by 0.5."),
    ]


def check_tiny_nt_xent(answer):
    """Exercise 2: NT-Xent at temperature 0.5 for the batch TINY_Z1, TINY_Z2."""
    right, mistakes = _nt_xent_variants()
    return check_number(answer, right, exercise="contrastive-negatives 2", mistakes=mistakes, tol=1e-4,
                        explain=f"{right:.4f}: each of the 4 views picks its partner among 3 candidates.")


_SEMI_CASES = [
    ((1.0, np.array([0.5, 1.4, 1.2, 3.0])), 2, "d_ap=1, d_an=[0.5, 1.4, 1.2, 3.0] (semi-hard exists)"),
    ((1.0, np.array([0.2, 0.9, 0.4])), 1, "d_ap=1, d_an=[0.2, 0.9, 0.4] (every negative is closer)"),
    ((0.3, np.array([5.0, 0.31, 0.1, 0.3])), 1, "d_ap=0.3, d_an=[5.0, 0.31, 0.1, 0.3] (a tie at d_ap)"),
    ((2.0, np.array([9.0, 4.0])), 1, "d_ap=2, d_an=[9.0, 4.0] (only easy negatives)"),
    ((1.0, np.array([1.1])), 0, "d_ap=1, d_an=[1.1] (one negative)"),
]


def _diagnose_semi_hard(args, got, expected):
    d_ap, d_an = args
    if got == int(np.argmin(d_an)):
        return "That is the nearest negative overall (the hardest). Semi-hard negatives must be farther than the positive."
    if got == int(np.argmax(d_an)) and np.any(d_an > d_ap):
        return "The farthest negative is only the fallback when no negative is farther than the positive."
    if np.any(d_an == d_ap) and got == int(np.flatnonzero(d_an == d_ap)[0]):
        return "A negative exactly at d_ap is not farther than the positive: use d_an > d_ap, strictly."
    return "Among the negatives with d_an > d_ap take the nearest; if there is none, take the farthest negative."


def check_semi_hard(function):
    """Exercise 3: a hand-written semi-hard negative selection (TensorFlow Addons' convention)."""
    return check_function(function, _SEMI_CASES, exercise="contrastive-negatives 3", diagnose=_diagnose_semi_hard,
                          explain="your selection agrees with negedu.contrastive.semi_hard_triplets on every case.")


def my_batch(seed):
    """Exercise 4: a student's mini-batch of 12 two-dimensional embeddings in 3 classes (4 each)."""
    rng = np.random.RandomState(seed % 2**32)
    y = np.repeat(np.arange(3), 4)
    E = np.round(rng.normal(size=(12, 2)) * 0.6 + np.array([[0.0, 0.0], [1.5, 0.0], [0.7, 1.2]])[y], 2)
    return E, y


def check_batch_hard(answer, *, seed):
    """Exercise 4: the batch-hard triplet loss (margin 0.2, squared distances) of the student's batch."""
    E, y = my_batch(seed)
    right = batch_hard_triplet_loss(E, y, margin=0.2)
    return check_number(answer, right, exercise="contrastive-negatives 4", tol=1e-6, mistakes=[
        Mistake(batch_all_triplet_loss(E, y, margin=0.2), "That averages over every valid triplet (batch-all). "
                "Batch-hard keeps one triplet per anchor: its farthest positive and its nearest negative."),
        Mistake(semi_hard_triplet_loss(E, y, margin=0.2), "That is the semi-hard loss. Batch-hard takes the *nearest* negative."),
        Mistake(batch_hard_triplet_loss(E, y, margin=0.2, squared=False), "Use squared distances, as FaceNet does."),
        Mistake(batch_hard_triplet_loss(E, y, margin=0.2, reduction="sum"), "That is the sum over the 12 anchors; take the mean."),
    ], explain=f"{right:.4f}: each anchor's hardest triplet, hinged at the margin and averaged over the 12 anchors.")
