r"""A text corpus with no download: the help pages shipped with Python, as word ids."""

import numpy as np

from negedu._bunch import Bunch
from negedu._validation import check_int
from negedu.contrastive._word2vec import tokenize

__all__ = ["load_pydoc_corpus"]


def load_pydoc_corpus(*, min_count=5):
    r"""The help pages shipped with Python (``pydoc_data.topics``) as word ids: a corpus with no download.

    The 79 topics of Python's interactive ``help()`` (the language reference: ``for``,
    ``class``, ``import``, ...) are joined in sorted order of their names and split with
    :func:`tokenize`. Words seen fewer than ``min_count`` times are dropped, as word2vec does.

    Returns
    -------
    corpus : Bunch
        ``ids`` (int array, the text as word ids), ``vocab`` (list of words, most frequent
        first, ties in alphabetical order), ``counts`` (int array, count of each word),
        ``index`` (dict word -> id).
    """
    from pydoc_data import topics

    min_count = check_int(min_count, "min_count", minimum=1)
    tokens = tokenize("\n".join(topics.topics[name] for name in sorted(topics.topics)))
    words, counts = np.unique(np.array(tokens), return_counts=True)
    keep = counts >= min_count
    words, counts = words[keep], counts[keep]
    order = np.lexsort((words, -counts))  # most frequent first, then alphabetical
    vocab = [str(w) for w in words[order]]
    index = {w: i for i, w in enumerate(vocab)}
    ids = np.array([index[t] for t in tokens if t in index], dtype=np.int64)
    return Bunch(ids=ids, vocab=vocab, counts=counts[order].astype(np.int64), index=index)
