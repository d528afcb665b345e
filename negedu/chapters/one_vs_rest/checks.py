"""Checks for the exercises of Chapter 11, "One-vs-rest".

Each check returns a :class:`~negedu.exercises.Feedback`; none of them raises.
"""

import numpy as np

from negedu.datasets import Bunch
from negedu.losses import LogisticRegression
from negedu.metrics import accuracy_score
from negedu.multiclass import OneVsRestClassifier, calibrate_sigmoid, pairwise_votes, sigmoid_calibrated
from negedu.datasets import make_class_blobs
from negedu.exercises import (
    Feedback, Mistake, both_correct, check_number, describe, is_unanswered, run_student_function,
)

__all__ = [
    "check_ovr_counts",
    "check_ovo_counts",
    "my_sets",
    "check_calibrated_accuracy",
    "check_votes",
]


def check_ovr_counts(n_models, negative_share):
    """Exercise 1: ten balanced classes of 100: models trained by OvR, and the share of negatives in each."""
    exercise = "one-vs-rest 1"
    if is_unanswered(n_models) or is_unanswered(negative_share):
        return Feedback("unanswered", "set both n_models and negative_share, then run the check again.", exercise=exercise)
    first = check_number(
        n_models, 10, exercise=exercise, tol=0,
        mistakes=[Mistake(45, "45 = 10 x 9 / 2 is the number of one-vs-one models. One-vs-rest trains one model per class."),
                  Mistake(9, "Each class is the positive of one model: with 10 classes that is 10 models, not 9."),
                  Mistake(90, "That is the number of ordered pairs; one-vs-rest needs one model per class.")],
        explain="10 models, one per class.",
    )
    second = check_number(
        negative_share, 0.9, exercise=exercise,
        mistakes=[Mistake(0.1, "0.1 is the share of positives (one class in ten); the negatives are the other nine."),
                  Mistake(9, "9 is the imbalance ratio, negatives per positive; the question asks for a share between 0 and 1."),
                  Mistake(900, "900 is the number of negatives; divide by all 1,000 samples.")],
        explain="(K - 1)/K = 9/10: balanced classes, yet every subproblem is imbalanced 9 to 1.",
    )
    return both_correct(first, second, exercise=exercise)


def check_ovo_counts(n_models, samples_per_model):
    """Exercise 2: the same ten classes with one-vs-one: models, and training samples per model."""
    exercise = "one-vs-rest 2"
    if is_unanswered(n_models) or is_unanswered(samples_per_model):
        return Feedback("unanswered", "set both n_models and samples_per_model, then run the check again.", exercise=exercise)
    first = check_number(
        n_models, 45, exercise=exercise, tol=0,
        mistakes=[Mistake(90, "That counts each pair twice: (i, j) and (j, i) are the same model. Divide by 2."),
                  Mistake(10, "10 is the one-vs-rest count. One-vs-one trains one model per unordered pair, K(K-1)/2."),
                  Mistake(100, "K^2 counts a class against itself and each pair twice; use K(K-1)/2.")],
        explain="45 = 10 x 9 / 2 models.",
    )
    second = check_number(
        samples_per_model, 200, exercise=exercise, tol=0,
        mistakes=[Mistake(1000, "One-vs-one trains each model on the samples of its two classes only, not on all 1,000."),
                  Mistake(100, "Each model sees both of its classes: 100 + 100 samples.")],
        explain="200 samples each: 45 x 200 = 9,000 rows in all, against 10 x 1,000 = 10,000 for one-vs-rest.",
    )
    return both_correct(first, second, exercise=exercise)


def my_sets(seed):
    """Exercise 3: a student's training, calibration and test sets (four classes, sizes from the seed)."""
    rng = np.random.RandomState(seed)
    sizes = (int(rng.randint(400, 700)), int(rng.randint(150, 250)), int(rng.randint(40, 80)), int(rng.randint(15, 30)))
    train, calibration, test = (make_class_blobs(sizes, separation=2.0, random_state=seed + k) for k in (1, 2, 3))
    return Bunch(train=train, calibration=calibration, test=test, sizes=sizes)


def _expected_accuracies(seed):
    sets = my_sets(seed)
    ovr = OneVsRestClassifier(LogisticRegression(class_weight="balanced")).fit(sets.train.X, sets.train.y)
    scores_cal = ovr.decision_function(sets.calibration.X)
    scores_test = ovr.decision_function(sets.test.X)
    K = scores_test.shape[1]
    calibrated = np.column_stack([
        sigmoid_calibrated(scores_test[:, c], *calibrate_sigmoid(scores_cal[:, c], (sets.calibration.y == c).astype(int)))
        for c in range(K)
    ])
    calibrated_on_test = np.column_stack([
        sigmoid_calibrated(scores_test[:, c], *calibrate_sigmoid(scores_test[:, c], (sets.test.y == c).astype(int)))
        for c in range(K)
    ])
    return (float(accuracy_score(sets.test.y, scores_test.argmax(axis=1))),
            float(accuracy_score(sets.test.y, calibrated.argmax(axis=1))),
            float(accuracy_score(sets.test.y, calibrated_on_test.argmax(axis=1))))


def check_calibrated_accuracy(raw_accuracy, calibrated_accuracy, *, seed):
    """Exercise 3: test accuracy of the argmax over raw and over Platt-calibrated OvR scores."""
    exercise = "one-vs-rest 3"
    if is_unanswered(raw_accuracy) or is_unanswered(calibrated_accuracy):
        return Feedback("unanswered", "set both raw_accuracy and calibrated_accuracy, then run the check again.",
                        exercise=exercise)
    try:
        raw, calibrated, leaked = _expected_accuracies(seed)
    except Exception as exc:  # a check never raises
        return Feedback("error", f"could not rebuild your data for seed={describe(seed)} ({exc}); pass seed=seed.", exercise=exercise)
    first = check_number(
        raw_accuracy, raw, exercise=exercise, tol=1e-6,
        mistakes=[Mistake(calibrated, "That is the calibrated accuracy; raw_accuracy compares the decision_function columns as they are.")],
        explain=f"raw argmax: {raw:.3f}.",
    )
    second = check_number(
        calibrated_accuracy, calibrated, exercise=exercise, tol=1e-6,
        mistakes=[Mistake(leaked, "You fitted Platt scaling on the test set. Fit each class's (a, b) on the calibration set, then apply them to the test scores."),
                  Mistake(raw, "That is the raw accuracy: calibrate each column with calibrate_sigmoid on the calibration set first.")],
        explain=f"calibrated argmax: {calibrated:.3f}.",
    )
    return both_correct(first, second, exercise=exercise)


_VOTE_CASES = [
    (np.array([[0, 0, 1], [1, 1, 1], [1, 0, 0]]), 3, "three samples, K = 3"),
    (np.array([[0, 1, 1, 0, 1, 0], [1, 1, 1, 1, 1, 1]]), 4, "two samples, K = 4"),
    (np.array([[1]]), 2, "one sample, K = 2"),
]


def check_votes(function):
    """Exercise 4: the student's ``my_votes(predictions, n_classes)`` against :func:`pairwise_votes`."""
    exercise = "one-vs-rest 4"
    if not callable(function):
        return Feedback("incorrect", f"expected a function, got {describe(function)}.", exercise=exercise)
    for predictions, K, description in _VOTE_CASES:
        got, problem = run_student_function(function, (predictions.copy(), K), description, exercise=exercise,
                                            returns="an array of vote counts")
        if problem is not None:
            return problem
        expected = pairwise_votes(predictions, K)
        if got.shape != expected.shape:
            return Feedback("incorrect", f"on {description} it returned shape {got.shape}; expected "
                            f"(n_samples, n_classes) = {expected.shape}.", exercise=exercise)
        if not np.array_equal(got, expected):
            swapped = pairwise_votes(1 - predictions, K)
            if np.array_equal(got, swapped):
                hint = "You gave the vote to the wrong class: a prediction of 1 from model (i, j) is a vote for j, 0 a vote for i."
            elif np.allclose(got.sum(axis=1), K * (K - 1) / 2):
                hint = "Every row sums correctly, so the pairs are in the wrong order: (0,1), (0,2), ..., (0,K-1), (1,2), ..."
            else:
                hint = f"each row must sum to K(K-1)/2 = {K * (K - 1) // 2}: every model casts exactly one vote."
            return Feedback("incorrect", f"on {description} it returned {got.tolist()} but the votes are "
                            f"{expected.tolist()}. {hint}", exercise=exercise)
    return Feedback("correct", "your votes equal negedu's pairwise_votes on every case.", exercise=exercise)
