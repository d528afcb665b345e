"""Metrics of the negative class: counting metrics, ranking metrics and the imbalanced report.

Every function has the name and the parameters of its scikit-learn or imbalanced-learn
counterpart and returns the same numbers (the tests check it); where negedu differs on
purpose, the docstring says so under "Differences from ...".

Counting metrics (from predicted labels):
    confusion_matrix, accuracy_score, balanced_accuracy_score, matthews_corrcoef,
    precision_recall_fscore_support, precision_score, recall_score, f1_score, fbeta_score,
    sensitivity_specificity_support, sensitivity_score, specificity_score,
    false_positive_rate, false_negative_rate, negative_predictive_value,
    geometric_mean_score, imbalance_ratio

Ranking metrics (from scores):
    roc_curve, roc_auc_score, precision_recall_curve, average_precision_score, auc

Report:
    classification_report_imbalanced

Probabilities (calibration):
    brier_score_loss, calibration_curve, calibration_bins
"""

from negedu.metrics._accuracy import accuracy_score, balanced_accuracy_score, imbalance_ratio, matthews_corrcoef
from negedu.metrics._calibration import brier_score_loss, calibration_bins, calibration_curve
from negedu.metrics._common import UndefinedMetricWarning
from negedu.metrics._confusion import confusion_matrix
from negedu.metrics._curves import auc, precision_recall_curve, roc_curve
from negedu.metrics._precision_recall import (
    f1_score,
    fbeta_score,
    precision_recall_fscore_support,
    precision_score,
    recall_score,
)
from negedu.metrics._ranking import average_precision_score, roc_auc_score
from negedu.metrics._report import classification_report_imbalanced
from negedu.metrics._sensitivity import (
    false_negative_rate,
    false_positive_rate,
    geometric_mean_score,
    negative_predictive_value,
    sensitivity_score,
    sensitivity_specificity_support,
    specificity_score,
)

__all__ = [
    "UndefinedMetricWarning",
    # counting
    "confusion_matrix",
    "accuracy_score",
    "balanced_accuracy_score",
    "matthews_corrcoef",
    "precision_recall_fscore_support",
    "precision_score",
    "recall_score",
    "f1_score",
    "fbeta_score",
    "sensitivity_specificity_support",
    "sensitivity_score",
    "specificity_score",
    "false_positive_rate",
    "false_negative_rate",
    "negative_predictive_value",
    "geometric_mean_score",
    "imbalance_ratio",
    # ranking
    "roc_curve",
    "roc_auc_score",
    "precision_recall_curve",
    "average_precision_score",
    "auc",
    # report
    "classification_report_imbalanced",
    # probabilities
    "brier_score_loss",
    "calibration_curve",
    "calibration_bins",
]
