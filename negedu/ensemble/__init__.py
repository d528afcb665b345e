r"""Balanced ensembles: many learners, each on its own balanced sample, averaged.

* :func:`grow_tree` / :class:`DecisionTreeClassifier`: a readable CART tree, the base learner;
* :func:`adaboost_samme` / :class:`AdaBoostClassifier`: boosting with the SAMME rule;
* :func:`easy_ensemble` / :class:`EasyEnsembleClassifier`: AdaBoost on independent undersamples;
* :func:`balanced_random_forest` / :class:`BalancedRandomForestClassifier`: a random forest whose
  trees each grow on a balanced bootstrap.

The classes have the names, parameters and seeds of scikit-learn's and imbalanced-learn's, so
the same integer ``random_state`` draws the same undersamples.
"""

from negedu.ensemble._adaboost import AdaBoostClassifier, adaboost_samme, samme_decision, samme_proba
from negedu.ensemble._base import clone_estimator
from negedu.ensemble._easy_ensemble import EasyEnsembleClassifier, average_proba, easy_ensemble
from negedu.ensemble._forest import BalancedRandomForestClassifier, balanced_random_forest
from negedu.ensemble._tree import grow_tree, tree_apply
from negedu.ensemble._tree_classifier import DecisionTreeClassifier

__all__ = [
    "grow_tree",
    "tree_apply",
    "DecisionTreeClassifier",
    "adaboost_samme",
    "samme_decision",
    "samme_proba",
    "AdaBoostClassifier",
    "easy_ensemble",
    "average_proba",
    "EasyEnsembleClassifier",
    "balanced_random_forest",
    "BalancedRandomForestClassifier",
    "clone_estimator",
]
