r"""word2vec's skip-gram with negative sampling (SGNS): a negative class made of random words.

Mikolov, Sutskever, Chen, Corrado and Dean (2013) train two vectors per word, an *input*
vector :math:`u_w` (the word as a centre) and an *output* vector :math:`v_c` (the word as a
context). Instead of a softmax over the whole vocabulary, each observed (centre, context) pair
becomes one positive example of a binary problem, and :math:`k` words drawn from a *noise
distribution* become :math:`k` negative examples: a classification problem imbalanced 1 : k by
construction. No reference implementation is installed here (no gensim, no torch), so the
tests check every number against formulas and loops written in the test.
"""

import re

import numpy as np

from negedu._bunch import Bunch
from negedu._numerics import log_sigmoid, reduce, reduction_scale, sigmoid
from negedu._validation import _short, check_1d, check_int, check_positive_real, check_random_state

from ._common import check_reduction, check_same_rows, check_vectors

__all__ = [
    "tokenize",
    "noise_distribution",
    "sample_negatives",
    "skipgram_pairs",
    "sgns_loss",
    "sgns_loss_grad",
    "train_sgns",
    "most_similar",
]

_WORD = re.compile(r"[a-z]+")


def tokenize(text):
    """Lower-case ``text`` and return its runs of letters a-z as a list of words.

    >>> tokenize("The `for` statement: iterates over 2 items!")
    ['the', 'for', 'statement', 'iterates', 'over', 'items']
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}. Join your documents first.")
    return _WORD.findall(text.lower())


def noise_distribution(counts, power=0.75):
    r"""The noise distribution of negative sampling, :math:`P_n(w) \propto \mathrm{count}(w)^{\alpha}`.

    Parameters
    ----------
    counts : array-like of shape (n_words,)
        How often each word occurs (non-negative, not all zero).
    power : float, default=0.75
        The exponent :math:`\alpha`. 1 gives the unigram distribution, 0 the uniform one;
        Mikolov et al. (2013) found 3/4 best.

    Returns
    -------
    noise : ndarray of shape (n_words,)
        Probabilities that sum to 1.

    Raises
    ------
    ValueError
        If a count is negative or not finite, all counts are zero, or ``power`` is negative.

    Notes
    -----
    .. math:: P_n(w) = \frac{\mathrm{count}(w)^{\alpha}}{\sum_{w'} \mathrm{count}(w')^{\alpha}}

    A power below 1 flattens the distribution: with :math:`\alpha = 3/4`, a word 10,000
    times rarer than "the" is drawn only :math:`10^{4 \cdot 3/4} = 1{,}000` times less often.
    Words with count 0 get probability 0 for any :math:`\alpha > 0` (and :math:`0^0 = 1`,
    as in NumPy, for :math:`\alpha = 0`).

    References
    ----------
    Mikolov, T., Sutskever, I., Chen, K., Corrado, G. S. and Dean, J. (2013). Distributed
    representations of words and phrases and their compositionality. NeurIPS 26.

    Examples
    --------
    >>> noise_distribution([16, 1], power=0.75).round(4).tolist()
    [0.8889, 0.1111]
    >>> noise_distribution([16, 1], power=1.0).round(4).tolist()
    [0.9412, 0.0588]
    """
    c = check_1d(counts, "counts", allow_nonfinite=False)
    if c.dtype.kind not in "biuf" or c.size == 0:
        raise ValueError(f"counts must be a non-empty list of word counts, got {_short(counts)}.")
    c = c.astype(np.float64)
    if np.any(c < 0):
        raise ValueError(f"counts must be >= 0, got a smallest count of {float(c.min())!r}. Pass raw word counts.")
    if not np.any(c > 0):
        raise ValueError("counts are all zero, so no word can be drawn. Pass the counts of a non-empty corpus.")
    if isinstance(power, bool) or not isinstance(power, (int, float, np.floating, np.integer)) or not np.isfinite(power):
        raise TypeError(f"power must be a finite number >= 0, got {_short(power)}. Use 0.75 as in word2vec.")
    if power < 0:
        raise ValueError(f"power must be >= 0, got {power!r}: a negative power would favour rare words. Use 0.75.")
    weights = c ** float(power)
    return weights / weights.sum()


def sample_negatives(noise, n, random_state=None):
    r"""Draw word ids from a noise distribution, independently and with replacement.

    Parameters
    ----------
    noise : array-like of shape (n_words,)
        Probabilities (non-negative, summing to 1), e.g. from :func:`noise_distribution`.
    n : int or tuple of int
        How many to draw, or the shape of the result (``(n_pairs, k)`` gives k per pair).
    random_state : None, int or numpy.random.RandomState

    Returns
    -------
    ids : ndarray of int64, of shape ``n``

    Notes
    -----
    One call to ``RandomState.choice(n_words, size=n, p=noise)``, so the draws are NumPy's
    inverse-CDF sampling on uniform numbers. word2vec itself draws from a table of 10^8
    slots filled in proportion to :math:`P_n`; the distribution is the same up to rounding.
    A drawn "negative" may happen to be the true context word; word2vec does not reject it
    and neither do we.

    Examples
    --------
    >>> sample_negatives([0.5, 0.5, 0.0], (2, 3), random_state=0).tolist()
    [[1, 1, 1], [1, 0, 1]]
    """
    p = check_1d(noise, "noise", allow_nonfinite=False).astype(np.float64)
    if p.size == 0 or np.any(p < 0) or abs(p.sum() - 1.0) > 1e-8:
        raise ValueError(
            f"noise must hold probabilities that are >= 0 and sum to 1, got a sum of {float(p.sum())!r}. "
            "Build it with noise_distribution(counts)."
        )
    shape = (n,) if not isinstance(n, tuple) else n
    shape = tuple(check_int(s, "n", minimum=0, hint="Pass a count or a shape such as (n_pairs, k).") for s in shape)
    rng = check_random_state(random_state)
    return rng.choice(p.size, size=shape, p=p / p.sum()).astype(np.int64)


def skipgram_pairs(ids, window=2):
    r"""Every (centre, context) pair of a text: the context is within ``window`` words of the centre.

    Returns an int array of shape (n_pairs, 2), ordered by offset (-window..-1, 1..window) and
    then by position. word2vec also shrinks the window at random for each centre and
    sub-samples very frequent words; we keep the fixed window so the pairs are easy to count.

    >>> skipgram_pairs([7, 8, 9], window=1).tolist()
    [[8, 7], [9, 8], [7, 8], [8, 9]]
    """
    ids = check_1d(ids, "ids")
    if ids.dtype.kind not in "iu":
        raise ValueError(f"ids must be integer word ids, got dtype {ids.dtype}. Map words to ids first.")
    if ids.size == 0:
        raise ValueError("ids is empty, so there is no pair to make. Pass the word ids of a corpus.")
    window = check_int(window, "window", minimum=1)
    parts = []
    for offset in [*range(-window, 0), *range(1, window + 1)]:
        if offset < 0:
            centre, context = ids[-offset:], ids[:offset]
        else:
            centre, context = ids[:-offset], ids[offset:]
        parts.append(np.stack([centre, context], axis=1))
    return np.concatenate(parts).astype(np.int64)


def _sgns_parts(center, context, negatives):
    u = check_vectors(center, "center")
    v = check_vectors(context, "context", d=u.shape[1])
    neg = check_vectors(negatives, "negatives", ndim=3, d=u.shape[1])
    check_same_rows(u, v, "center", "context")
    check_same_rows(u, neg, "center", "negatives")
    s_pos = np.sum(u * v, axis=1)  # (B,) score of the observed pair
    s_neg = np.einsum("bd,bkd->bk", u, neg)  # (B, k) scores of the noise pairs
    return u, v, neg, s_pos, s_neg


def sgns_loss(center, context, negatives, *, reduction="mean"):
    r"""The skip-gram negative-sampling loss of Mikolov et al. (2013), from dot products.

    For a centre vector :math:`u`, its observed context vector :math:`v` and :math:`k`
    negative context vectors :math:`v_1, \dots, v_k` drawn from the noise distribution,

    .. math::

        \ell(u, v, v_{1:k}) = -\log \sigma(u^\top v) - \sum_{j=1}^{k} \log \sigma(-u^\top v_j),

    the log-loss of one positive example (label 1, logit :math:`u^\top v`) and :math:`k`
    negative examples (label 0, logits :math:`u^\top v_j`). It is the negative of the
    paper's objective (which is maximised).

    Parameters
    ----------
    center : array-like of shape (n_pairs, n_dims)
        Input vectors :math:`u` of the centre words.
    context : array-like of shape (n_pairs, n_dims)
        Output vectors :math:`v` of the observed context words.
    negatives : array-like of shape (n_pairs, k, n_dims)
        Output vectors of the :math:`k` noise words of each pair.
    reduction : {"mean", "sum", "none"}, default="mean"
        Mean or sum over the pairs, or one loss per pair. The :math:`k` negatives of a pair
        are always *summed*, as in the paper.

    Returns
    -------
    loss : float, or ndarray of shape (n_pairs,) for ``reduction="none"``

    Raises
    ------
    ValueError
        On mismatched shapes, non-finite values or an unknown ``reduction``.

    See Also
    --------
    sgns_loss_grad : its gradient. noise_distribution, sample_negatives : where the negatives come from.

    Notes
    -----
    :math:`-\log\sigma(t) = \log(1 + e^{-t})` is computed with ``np.logaddexp(0, -t)``, so
    scores of :math:`\pm 1000` give finite losses. No reference library is installed here
    (gensim and torch are not dependencies), so the tests compare with the formula above
    written as a loop.

    References
    ----------
    Mikolov, T., Sutskever, I., Chen, K., Corrado, G. S. and Dean, J. (2013). Distributed
    representations of words and phrases and their compositionality. NeurIPS 26, 3111-3119.

    Examples
    --------
    >>> u, v = [[1.0, 0.0]], [[2.0, 0.0]]
    >>> negatives = [[[0.0, 1.0], [-1.0, 0.0]]]
    >>> round(sgns_loss(u, v, negatives), 4)   # log(1+e^-2) + log 2 + log(1+e^-1)
    1.1333
    """
    reduction = check_reduction(reduction)
    _, _, _, s_pos, s_neg = _sgns_parts(center, context, negatives)
    losses = -log_sigmoid(s_pos) - np.sum(log_sigmoid(-s_neg), axis=1)
    return reduce(losses, reduction)


def sgns_loss_grad(center, context, negatives, *, reduction="mean"):
    r"""The gradient of :func:`sgns_loss` with respect to the centre, context and negative vectors.

    With :math:`s = u^\top v` and :math:`s_j = u^\top v_j`,

    .. math::

        \frac{\partial \ell}{\partial u} = -\sigma(-s)\,v + \sum_j \sigma(s_j)\,v_j,\quad
        \frac{\partial \ell}{\partial v} = -\sigma(-s)\,u,\quad
        \frac{\partial \ell}{\partial v_j} = \sigma(s_j)\,u .

    The observed pair is pulled together with strength :math:`1 - \sigma(s)` (the error of
    the positive example), each noise word pushed away with strength :math:`\sigma(s_j)`.

    Parameters
    ----------
    center, context, negatives :
        As in :func:`sgns_loss`.
    reduction : {"mean", "sum", "none"}, default="mean"
        The reduction of the loss being differentiated. ``"mean"`` divides by ``n_pairs``;
        ``"sum"`` and ``"none"`` give the same arrays, since each row enters one pair only.

    Returns
    -------
    grad_center : ndarray of shape (n_pairs, n_dims)
    grad_context : ndarray of shape (n_pairs, n_dims)
    grad_negatives : ndarray of shape (n_pairs, k, n_dims)

    Examples
    --------
    >>> g_u, g_v, g_neg = sgns_loss_grad([[0.0, 0.0]], [[1.0, 0.0]], [[[0.0, 1.0]]])
    >>> g_u.tolist(), g_v.tolist(), g_neg.tolist()
    ([[-0.5, 0.5]], [[-0.0, -0.0]], [[[0.0, 0.0]]])
    """
    reduction = check_reduction(reduction)
    u, v, neg, s_pos, s_neg = _sgns_parts(center, context, negatives)
    pull = -sigmoid(-s_pos)  # (B,) d loss / d s
    push = sigmoid(s_neg)  # (B, k) d loss / d s_j
    grad_u = pull[:, None] * v + np.einsum("bk,bkd->bd", push, neg)
    grad_v = pull[:, None] * u
    grad_neg = push[:, :, None] * u[:, None, :]
    scale = reduction_scale(u.shape[0], reduction)
    return grad_u * scale, grad_v * scale, grad_neg * scale


def train_sgns(ids, n_words, *, embedding_dim=32, window=2, n_negatives=5, power=0.75, learning_rate=0.1,
               n_epochs=4, batch_size=256, random_state=None):
    r"""Train word vectors with skip-gram negative sampling on a text of word ids (mini-batch SGD).

    Parameters
    ----------
    ids : array-like of int, shape (n_tokens,)
        The text as word ids in ``[0, n_words)``, e.g. ``negedu.datasets.load_pydoc_corpus().ids``.
    n_words : int
        Size of the vocabulary.
    embedding_dim : int, default=32
    window : int, default=2
        Context words on each side of the centre (see :func:`skipgram_pairs`).
    n_negatives : int, default=5
        :math:`k`, noise words per observed pair (the paper uses 5-20 for small corpora).
    power : float, default=0.75
        Exponent of the noise distribution (:func:`noise_distribution`).
    learning_rate : float, default=0.1
        Start of a learning rate that decays linearly to 0.0001 of itself, as in word2vec
        (whose own default, 0.025, is per pair; ours steps on the sum over a mini-batch and
        0.1 trains the pydoc corpus in a few seconds).
    n_epochs : int, default=4
    batch_size : int, default=256
    random_state : None, int or numpy.random.RandomState

    Returns
    -------
    model : Bunch
        ``W_in`` (n_words, embedding_dim): the word vectors used afterwards; ``W_out``: the
        context vectors; ``losses``: the mean loss of each mini-batch; ``noise``: the noise
        distribution used.

    Notes
    -----
    Draw order: the input vectors are uniform in :math:`[-0.5, 0.5) / d` (word2vec's start)
    and the output vectors start at zero; then, per epoch, a permutation of the pairs, then
    for each mini-batch its :math:`B \times k` negatives. Each mini-batch takes one step on
    the *sum* of its pair losses (:func:`sgns_loss_grad` with ``reduction="sum"``); rows of a
    word that occurs several times in the batch add up with ``np.add.at``, which is what
    word2vec's pair-by-pair updates would do to first order. Sub-sampling of frequent words
    and the random window are left out.

    Examples
    --------
    >>> ids = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]
    >>> model = train_sgns(ids, 3, embedding_dim=4, n_epochs=1, batch_size=4, random_state=0)
    >>> model.W_in.shape, len(model.losses)
    ((3, 4), 11)
    """
    ids = check_1d(ids, "ids")
    n_words = check_int(n_words, "n_words", minimum=1)
    if ids.dtype.kind not in "iu" or (ids.size and (ids.min() < 0 or ids.max() >= n_words)):
        raise ValueError(f"ids must be integer word ids in [0, n_words={n_words}), got {_short(ids[:8].tolist())}...")
    dim = check_int(embedding_dim, "embedding_dim", minimum=1)
    k = check_int(n_negatives, "n_negatives", minimum=1, hint="Use 5 to 20 negatives per pair.")
    n_epochs = check_int(n_epochs, "n_epochs", minimum=1)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    check_positive_real(learning_rate, "learning_rate", "Use a step size such as 0.1.")
    rng = check_random_state(random_state)
    pairs = skipgram_pairs(ids, window)
    noise = noise_distribution(np.bincount(ids, minlength=n_words), power)
    cdf = np.cumsum(noise)
    W_in = (rng.random_sample((n_words, dim)) - 0.5) / dim
    W_out = np.zeros((n_words, dim))
    n_steps = n_epochs * int(np.ceil(len(pairs) / batch_size))
    losses, step = [], 0
    for _ in range(n_epochs):
        order = rng.permutation(len(pairs))
        for start in range(0, len(pairs), batch_size):
            batch = pairs[order[start:start + batch_size]]
            # inverse-CDF draws of the (B, k) noise words, as sample_negatives does
            neg_ids = np.minimum(np.searchsorted(cdf, rng.random_sample((len(batch), k)), side="right"), n_words - 1)
            u, v, neg = W_in[batch[:, 0]], W_out[batch[:, 1]], W_out[neg_ids]
            s_pos, s_neg = np.sum(u * v, axis=1), np.einsum("bd,bkd->bk", u, neg)
            losses.append(float(np.mean(-log_sigmoid(s_pos) - np.sum(log_sigmoid(-s_neg), axis=1))))
            pull, push = -sigmoid(-s_pos), sigmoid(s_neg)  # the kernel of sgns_loss_grad, inputs already clean
            rate = learning_rate * max(1.0 - step / n_steps, 1e-4)
            np.add.at(W_in, batch[:, 0], -rate * (pull[:, None] * v + np.einsum("bk,bkd->bd", push, neg)))
            np.add.at(W_out, batch[:, 1], -rate * pull[:, None] * u)
            np.add.at(W_out, neg_ids, -rate * push[:, :, None] * u[:, None, :])
            step += 1
    return Bunch(W_in=W_in, W_out=W_out, losses=np.array(losses), noise=noise)


def most_similar(W, vocab, word, *, n=5):
    r"""The ``n`` words whose vectors have the highest cosine similarity with ``word``'s (itself excluded).

    Returns a list of ``(word, similarity)`` with similarities as Python floats.

    >>> W = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]])
    >>> [(w, round(s, 3)) for w, s in most_similar(W, ["a", "b", "c"], "a", n=2)]
    [('b', 0.994), ('c', 0.0)]
    """
    W = check_vectors(W, "W")
    if word not in vocab:
        raise ValueError(f"word={word!r} is not in the vocabulary. Pick one of the {len(vocab)} words of vocab.")
    n = check_int(n, "n", minimum=1)
    i = list(vocab).index(word)
    norms = np.sqrt(np.sum(W * W, axis=1))
    sims = W @ W[i] / np.maximum(norms * norms[i], 1e-300)  # (n_words,), one row: no n x n matrix
    sims[i] = -np.inf
    best = np.argsort(-sims, kind="stable")[:n]
    return [(vocab[j], float(sims[j])) for j in best]
