"""Losses of imbalanced learning: reshaping the loss instead of the data (Part III of the book).

Every loss takes ``reduction={"mean", "sum", "none"}``, is computed stably from logits, and
ships its gradient (the tests check it by finite differences). Where scikit-learn has the same
quantity (``log_loss``, ``compute_class_weight``, ``LogisticRegression``), negedu returns the
same numbers.

Models to reweight:
    fit_logistic_regression, logistic_proba, LogisticRegression

Multinomial (softmax) logistic regression, the multiclass loss (shifting negatives, open set):
    softmax_objective, softmax_regression, SoftmaxRegression

Class weights, weighted cross-entropy and cost matrices (chapter 8):
    compute_class_weight, compute_sample_weight, binary_cross_entropy,
    binary_cross_entropy_grad, sigmoid, expected_cost, cost_threshold,
    min_expected_cost_predict, tune_threshold

Focal loss (chapter 9):
    sigmoid_focal_loss, sigmoid_focal_loss_grad, softmax_focal_loss, softmax_focal_loss_grad,
    fit_linear_focal
"""

from negedu.losses._logistic import LogisticRegression, fit_logistic_regression, logistic_proba
from negedu.losses._softmax import SoftmaxRegression, softmax_objective, softmax_regression
from negedu.losses._class_weight import compute_class_weight, compute_sample_weight
from negedu.losses._cross_entropy import binary_cross_entropy, binary_cross_entropy_grad, sigmoid
from negedu.losses._cost import cost_threshold, expected_cost, min_expected_cost_predict, tune_threshold
from negedu.losses._focal import (
    fit_linear_focal,
    sigmoid_focal_loss,
    sigmoid_focal_loss_grad,
    softmax_focal_loss,
    softmax_focal_loss_grad,
)

__all__ = [
    "fit_logistic_regression",
    "logistic_proba",
    "LogisticRegression",
    "softmax_objective",
    "softmax_regression",
    "SoftmaxRegression",
    "compute_class_weight",
    "compute_sample_weight",
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "sigmoid",
    "expected_cost",
    "cost_threshold",
    "min_expected_cost_predict",
    "tune_threshold",
    "sigmoid_focal_loss",
    "sigmoid_focal_loss_grad",
    "softmax_focal_loss",
    "softmax_focal_loss_grad",
    "fit_linear_focal",
]
