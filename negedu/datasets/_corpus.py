r"""Text corpora with no download: the help pages shipped with Python, and a generated text with known topics."""

import numpy as np

from negedu._bunch import Bunch
from negedu._validation import check_array, check_fraction, check_int, check_random_state
from negedu.contrastive._word2vec import tokenize

__all__ = ["load_pydoc_corpus", "TOPIC_WORDS", "FUNCTION_WORDS", "make_topic_corpus", "topic_recovery"]


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


#: The topics of :func:`make_topic_corpus`: eight clusters of ten words, most frequent first.
TOPIC_WORDS = {
    "fruit": ["apple", "orange", "banana", "pear", "plum", "grape", "cherry", "lemon", "mango", "peach"],
    "animals": ["dog", "cat", "horse", "cow", "sheep", "goat", "rabbit", "mouse", "fox", "owl"],
    "weather": ["rain", "sun", "wind", "snow", "cloud", "storm", "fog", "frost", "hail", "thunder"],
    "music": ["song", "guitar", "piano", "drum", "violin", "choir", "flute", "melody", "rhythm", "chord"],
    "sport": ["ball", "goal", "team", "match", "coach", "referee", "score", "league", "pitch", "tackle"],
    "kitchen": ["pan", "knife", "oven", "spoon", "plate", "fork", "bowl", "kettle", "stove", "ladle"],
    "body": ["hand", "head", "eye", "foot", "arm", "knee", "ear", "elbow", "ankle", "wrist"],
    "money": ["bank", "coin", "price", "loan", "cash", "debt", "tax", "wage", "budget", "invoice"],
}
#: The words every topic uses, most frequent first.
FUNCTION_WORDS = ["the", "a", "and", "of", "with", "in", "is", "to", "on", "some"]


def make_topic_corpus(n_sentences=5000, *, sentence_length=10, function_share=0.4, random_state=None):
    r"""A text whose word clusters are known: each sentence talks about one topic of :data:`TOPIC_WORDS`.

    Each sentence picks one of the eight topics uniformly; each of its ``sentence_length``
    words is a function word (:data:`FUNCTION_WORDS`) with probability ``function_share``, else
    a word of the sentence's topic. Within each list, word :math:`r` (from 1) is drawn with
    probability proportional to :math:`1/r` (Zipf's law), so every topic has frequent and rare
    words, and the function words are the most frequent of all, as in real text. Words of one
    topic share contexts; a good embedding puts them together, and the reader can check it
    (:data:`TOPIC_WORDS` is the answer key).

    Parameters
    ----------
    n_sentences : int, default=5000
    sentence_length : int, default=10
    function_share : float in [0, 1), default=0.4
    random_state : None, int or numpy.random.RandomState
        Draw order: the topics of the sentences, then for every word whether it is a function
        word, then the function words, then the topic words (one array each).

    Returns
    -------
    corpus : Bunch
        ``ids`` (int array, the text as word ids, sentences one after the other), ``vocab``
        (the function words, then the topics' words in :data:`TOPIC_WORDS` order), ``counts``
        (how often each word occurs), ``index`` (word -> id), ``topic`` (int array per word of
        ``vocab``: the topic's number, -1 for a function word), ``topic_names``.

    Examples
    --------
    >>> corpus = make_topic_corpus(200, random_state=0)
    >>> corpus.ids.size, len(corpus.vocab), corpus.vocab[10], int(corpus.topic[10])
    (2000, 90, 'apple', 0)
    """
    n_sentences = check_int(n_sentences, "n_sentences", minimum=1)
    length = check_int(sentence_length, "sentence_length", minimum=2)
    share = check_fraction(function_share, "function_share", low=0.0, high=1.0, low_open=False, high_open=True)
    rng = check_random_state(random_state)
    names = list(TOPIC_WORDS)
    per_topic = len(TOPIC_WORDS[names[0]])
    vocab = FUNCTION_WORDS + [w for name in names for w in TOPIC_WORDS[name]]
    zipf_function = 1.0 / np.arange(1, len(FUNCTION_WORDS) + 1)
    zipf_topic = 1.0 / np.arange(1, per_topic + 1)
    topics = rng.randint(0, len(names), size=n_sentences)  # (n_sentences,)
    is_function = rng.random_sample((n_sentences, length)) < share  # (n_sentences, length)
    function_ids = rng.choice(len(FUNCTION_WORDS), size=(n_sentences, length), p=zipf_function / zipf_function.sum())
    ranks = rng.choice(per_topic, size=(n_sentences, length), p=zipf_topic / zipf_topic.sum())
    topic_ids = len(FUNCTION_WORDS) + topics[:, None] * per_topic + ranks
    ids = np.where(is_function, function_ids, topic_ids).ravel().astype(np.int64)
    topic = np.concatenate([np.full(len(FUNCTION_WORDS), -1), np.repeat(np.arange(len(names)), per_topic)])
    return Bunch(ids=ids, vocab=vocab, counts=np.bincount(ids, minlength=len(vocab)).astype(np.int64),
                 index={w: i for i, w in enumerate(vocab)}, topic=topic, topic_names=names)


def topic_recovery(W, topic, *, n_neighbors=5):
    r"""For each topic word, the share of its ``n_neighbors`` nearest words (cosine) that belong to its topic.

    The function words (``topic == -1``) are candidates but not scored. A random embedding of
    :func:`make_topic_corpus`'s 90 words scores about 9/89 = 0.10; a perfect one 1.0.

    Returns
    -------
    shares : ndarray of shape (n_topic_words,)
        In the order of the topic words in ``vocab``.

    >>> W = np.array([[1.0, 0.0], [1.0, 0.1], [0.0, 1.0], [0.1, 1.0]])
    >>> topic_recovery(W, np.array([0, 0, 1, 1]), n_neighbors=1).tolist()
    [1.0, 1.0, 1.0, 1.0]
    """
    W = check_array(W, "W").astype(np.float64)
    topic = np.asarray(topic)
    if topic.dtype.kind not in "iu":
        raise ValueError(f"topic must hold integer topic numbers (-1 for a function word), got dtype {topic.dtype}. "
                         "Pass corpus.topic from make_topic_corpus.")
    if topic.shape != (W.shape[0],):
        raise ValueError(f"topic must give one topic per row of W ({W.shape[0]}), got shape {topic.shape}.")
    k = check_int(n_neighbors, "n_neighbors", minimum=1, maximum=W.shape[0] - 1)
    unit = W / np.maximum(np.linalg.norm(W, axis=1, keepdims=True), 1e-300)
    sims = unit @ unit.T  # (n_words, n_words): a vocabulary of a hundred words
    np.fill_diagonal(sims, -np.inf)
    scored = np.flatnonzero(topic >= 0)
    nearest = np.argsort(-sims[scored], axis=1, kind="stable")[:, :k]  # (n_scored, k)
    return np.mean(topic[nearest] == topic[scored][:, None], axis=1)
