"""Checks for the exercises of Chapter 7, "Resampling in practice".

Each check returns a :class:`~negedu.exercises.Feedback`; none of them raises.
"""

import numpy as np

from negedu.datasets import Bunch, fruit_features, make_apples_and_oranges
from negedu.model_selection import stratified_folds
from .explorer import cross_validate_leak, nearest_neighbour_predict
from negedu.losses import fit_logistic_regression, logistic_proba
from negedu.metrics import f1_score
from negedu.resampling import prior_correction, random_under_sample, resampling_beta, smote, smote_tomek, tomek_links
from negedu.exercises import (
    Feedback, Mistake, call_student, check_function, check_number, describe, is_unanswered, run_student_function,
)

__all__ = [
    "check_tomek_counts",
    "check_corrected_probability",
    "my_basket",
    "folds",
    "check_leak",
    "check_prior_correction",
    "check_smote_tomek",
]


def check_tomek_counts(removed_by_tomek, removed_by_combiner, apples_removed):
    """Exercise 1: after SMOTE there are 7 Tomek links; what do TomekLinks() and SMOTETomek remove?"""
    name = "resampling-in-practice 1"
    answers = (removed_by_tomek, removed_by_combiner, apples_removed)
    if any(is_unanswered(a) for a in answers):
        return Feedback("unanswered", "set all three numbers, then run the check again.", exercise=name)
    first = check_number(
        removed_by_tomek, 7, exercise=name, tol=0,
        mistakes=[Mistake(14, "That is what the combiner removes. TomekLinks() with its default "
                              "sampling_strategy='auto' removes only one end of each link, the end outside "
                              "the class it takes for the minority."),
                  Mistake(0, "TomekLinks() removes one end of every link (the end outside the minority class).")],
    )
    if not first:
        return first
    second = check_number(
        removed_by_combiner, 14, exercise=name, tol=0,
        mistakes=[Mistake(7, "SMOTETomek's cleaner uses sampling_strategy='all': it removes both ends of every "
                             "link, the apple as well as the orange."),
                  Mistake(21, "A sample is in at most one link (its nearest neighbour is unique), so 7 links "
                              "hold exactly 14 samples.")],
    )
    if not second:
        return second
    return check_number(
        apples_removed, 7, exercise=name, tol=0,
        mistakes=[Mistake(14, "Only one end of each link is an apple: the two ends of a link have different labels."),
                  Mistake(0, "The combiner removes both ends, and with two classes one end of every link is an apple "
                             "(original or synthetic).")],
        explain="7, 14 and 7: each of the 7 links pairs one apple with one orange, TomekLinks() removes one end of "
        "each (after SMOTE's tie, the apples: label order makes the oranges the 'minority'), SMOTETomek removes "
        "all 14 samples, and the classes stay balanced (7 fewer of each).",
    )


def check_corrected_probability(p_population, p_s_needed):
    """Exercise 2: beta = 0.1 and p_s = 0.5; the population probability, and the p_s that means 0.5."""
    name = "resampling-in-practice 2"
    if is_unanswered(p_population) or is_unanswered(p_s_needed):
        return Feedback("unanswered", "set both p_population and p_s_needed, then run the check again.", exercise=name)
    first = check_number(
        p_population, 1 / 11, exercise=name,
        mistakes=[Mistake(0.5, "That is the model's own number. It learned on a basket where only one orange in ten "
                               "was kept, so it overstates the apples; correct it with beta."),
                  Mistake(0.05, "beta * p_s is the numerator; divide by beta * p_s + (1 - p_s)."),
                  Mistake(10 / 11, "That moves the probability the wrong way (you used 1/beta): undersampling the "
                                   "oranges made apples look more common, so the real probability is lower."),
                  Mistake(0.1, "beta is not the answer by itself: p = beta p_s / (beta p_s - p_s + 1).")],
    )
    if not first:
        return first
    return check_number(
        p_s_needed, 1 / 1.1, exercise=name,
        mistakes=[Mistake(0.5, "A resampled model's 0.5 means 1/11 in the population. Solve "
                               "beta p_s / (beta p_s - p_s + 1) = 0.5 for p_s."),
                  Mistake(1 / 11, "That is the population probability of p_s = 0.5. The question asks the reverse: "
                                  "which p_s corresponds to a population probability of 0.5?"),
                  Mistake(0.9, "Close, but 1 - beta is not the solution. Set beta p_s / (beta p_s - p_s + 1) = 0.5 "
                               "and solve: p_s = 1 / (1 + beta).")],
        explain="p = 0.05 / 0.55 = 1/11 ≈ 0.091, and the corrected probability reaches 0.5 only at "
        "p_s = 1/(1 + β) = 1/1.1 ≈ 0.909: the resampled model must be 91 % sure.",
    )


def my_basket(seed):
    """The basket of exercise 3: 30 apples and 570 oranges (19 per apple), features in z units.

    ``make_apples_and_oranges(n_samples=600, imbalance_ratio=19, random_state=seed)`` with
    ``X`` rescaled by :func:`~negedu.datasets.fruit_features`.
    """
    basket = make_apples_and_oranges(n_samples=600, imbalance_ratio=19, random_state=seed)
    return Bunch(X=fruit_features(basket.X), y=basket.y)


def folds(y):
    """The five stratified folds of exercise 3 for labels ``y``: a list of (train, test) index arrays."""
    return stratified_folds(y, n_splits=5, random_state=0)


def _variants(seed):
    """The right answers of exercise 3 and the values of the usual slips."""
    basket = my_basket(seed)
    X, y = basket.X, basket.y
    before = cross_validate_leak(X, y, "SMOTE", when="before the split", model="1-nearest neighbour").estimate
    inside = cross_validate_leak(X, y, "SMOTE", when="inside each training fold", model="1-nearest neighbour")
    plain, both, pooled_true, pooled_pred = [], [], [], []
    for train, test in folds(y):
        X_fit, y_fit = smote(X[train], y[train], random_state=0)
        y_pred = nearest_neighbour_predict(X_fit, y_fit, X[test])
        pooled_true.append(y[test])
        pooled_pred.append(y_pred)
        plain.append(f1_score(y[test], nearest_neighbour_predict(X[train], y[train], X[test]), zero_division=0))
        try:  # the slip of resampling the test fold too (SMOTE needs 6 apples in it)
            X_test, y_test = smote(X[test], y[test], random_state=0)
            both.append(f1_score(y_test, nearest_neighbour_predict(X_fit, y_fit, X_test), zero_division=0))
        except ValueError:
            both.append(np.nan)
    pooled = f1_score(np.concatenate(pooled_true), np.concatenate(pooled_pred), zero_division=0)
    return Bunch(before=before, inside=inside.estimate, plain=float(np.mean(plain)), both=float(np.mean(both)),
                 pooled=pooled)


def check_leak(f1_before, f1_inside, *, seed):
    """Exercise 3: cross-validated F1 of SMOTE + 1-NN, resampling before the split and inside the folds."""
    name = "resampling-in-practice 3"
    if is_unanswered(f1_before) or is_unanswered(f1_inside):
        return Feedback("unanswered", "set both f1_before and f1_inside, then run the check again.", exercise=name)
    v = _variants(seed)
    first = check_number(
        f1_before, v.before, exercise=name, tol=1e-6,
        mistakes=[Mistake(v.inside, "That is the right way's number: for f1_before, run SMOTE once on the whole "
                                    "basket, then cross-validate on the resampled rows with ex.folds(y_res).")],
    )
    if not first:
        return first
    mistakes = [Mistake(v.before, "That is the leaky estimate again. Split the original basket with ex.folds(y) "
                                  "and run SMOTE on the training part of each fold only."),
                Mistake(v.plain, "You did not resample: run SMOTE(random_state=0) on each training fold before "
                                 "fitting the 1-nearest-neighbour model.")]
    if np.isfinite(v.both):
        mistakes.append(Mistake(v.both, "You resampled the test fold too. Only the training part is resampled; the "
                                        "test fold must stay as collected, 1 apple in 20."))
    if abs(v.pooled - v.inside) > 1e-6:
        mistakes.append(Mistake(v.pooled, "That is F1 of the pooled predictions of all folds. The exercise asks for "
                                          "the mean of the five fold scores, as cross_val_score reports."))
    return check_number(
        f1_inside, v.inside, exercise=name, tol=1e-6, mistakes=mistakes,
        explain=f"resampling before the split estimates F1 = {v.before:.3f}, inside the folds {v.inside:.3f}: "
        f"the leak adds {v.before - v.inside:+.3f}.",
    )


_PRIOR_CASES = [
    ((0.5, 0.1), 1 / 11, "p_s = 0.5, beta = 0.1"),
    ((0.9, 0.1), 0.09 / 0.19, "p_s = 0.9, beta = 0.1"),
    ((0.3, 1.0), 0.3, "p_s = 0.3, beta = 1 (no resampling)"),
    ((0.2, 0.25), 0.05 / 0.85, "p_s = 0.2, beta = 0.25"),
    ((0.0, 0.05), 0.0, "p_s = 0, beta = 0.05"),
    ((1.0, 0.05), 1.0, "p_s = 1, beta = 0.05"),
    ((0.6, 2.0), 1.2 / 1.6, "p_s = 0.6, beta = 2 (negatives over-sampled)"),
]


def _diagnose_prior(args, got, expected):
    p_s, beta = args
    known = [
        (p_s, "You returned p_s unchanged; multiply the odds by beta: p = beta p_s / (beta p_s - p_s + 1)."),
        (p_s / (p_s + beta * (1 - p_s)) if p_s + beta * (1 - p_s) else None,
         "That moves the probability the wrong way: it is the shift itself (population -> resampled), which is "
         "also the correction with 1/beta in place of beta. The correction multiplies the odds p_s / (1 - p_s) by "
         "beta, the share of negatives kept."),
        (beta * p_s, "beta * p_s is only the numerator: divide by beta * p_s - p_s + 1 so the result stays a probability."),
    ]
    for value, hint in known:
        if value is not None and abs(got - value) < 1e-9:
            return hint
    return "Write the odds p_s / (1 - p_s), multiply them by beta, and turn the odds o back into o / (1 + o)."


def _balanced_refit():
    """A refit on balanced data: the model of the whole basket and the model of the undersampled one."""
    basket = make_apples_and_oranges(n_samples=4000, imbalance_ratio=19, random_state=11)
    X, y = fruit_features(basket.X), basket.y
    X_bal, y_bal, _ = random_under_sample(X, y, random_state=0)
    test = make_apples_and_oranges(n_samples=20_000, imbalance_ratio=19, random_state=2)
    X_test = fruit_features(test.X)
    return Bunch(p_s=logistic_proba(fit_logistic_regression(X_bal, y_bal), X_test),
                 p_full=logistic_proba(fit_logistic_regression(X, y), X_test),
                 beta=resampling_beta(y, y_bal), observed=float(test.y.mean()))


def check_prior_correction(function):
    """Exercise 4: a hand-written prior correction, on formula cases and on a model refitted on balanced data."""
    name = "resampling-in-practice 4"
    result = check_function(
        function, _PRIOR_CASES, exercise=name, diagnose=_diagnose_prior,
        explain="your correction agrees with the formula.",
    )
    if not result:
        return result
    refit = _balanced_refit()
    try:
        corrected = np.asarray(call_student(function, refit.p_s, refit.beta), dtype=float)
    except Exception as exc:  # a student's bug must become feedback
        return Feedback("error", f"it works on single numbers, but on a NumPy array of 20,000 probabilities it raised "
                                 f"{type(exc).__name__}: {exc}. Use NumPy operations, not if-statements or math.log.",
                        exercise=name)
    if corrected.shape != refit.p_s.shape or not np.allclose(corrected, prior_correction(refit.p_s, refit.beta),
                                                             rtol=0, atol=1e-9):
        return Feedback("incorrect", "it works on single numbers, but on a NumPy array it does not return one "
                                     "corrected probability per input. Use NumPy operations element by element.",
                        exercise=name)
    return Feedback(
        "correct",
        f"your correction agrees with the formula, and on a model refitted on balanced data (β = {refit.beta:.4f}) it "
        f"brings the mean predicted probability from {refit.p_s.mean():.3f} down to {corrected.mean():.3f} "
        f"(observed share of apples {refit.observed:.3f}; model of the whole basket {refit.p_full.mean():.3f}).",
        exercise=name,
    )


def _smote_tomek_cases():
    cases = []
    for seed, n, ir in [(7, 160, 7), (0, 300, 9)]:  # 6 and 10 Tomek links after SMOTE
        basket = make_apples_and_oranges(n_samples=n, imbalance_ratio=ir, random_state=seed)
        cases.append((fruit_features(basket.X), basket.y, seed))
    return cases


def _same(result, reference):
    return (result[0].shape == reference[0].shape and np.array_equal(result[0], reference[0])
            and np.array_equal(result[1], reference[1]))


def check_smote_tomek(function):
    """Exercise 5: SMOTE then Tomek links, both ends, composed by hand; compared row by row with smote_tomek."""
    name = "resampling-in-practice 5"
    if not callable(function):
        return Feedback("incorrect", f"expected a function, got {describe(function)}.", exercise=name)
    for X, y, seed in _smote_tomek_cases():
        description = f"a basket of {len(y)} fruit with random_state={seed}"
        result, problem = run_student_function(function, (X.copy(), y.copy(), seed), description, exercise=name)
        if problem is not None:
            return problem
        if not isinstance(result, (tuple, list)) or len(result) < 2:
            return Feedback("incorrect", f"on {description} it returned {type(result).__name__}; return the pair "
                                         "(X_resampled, y_resampled).", exercise=name)
        got = (np.asarray(result[0]), np.asarray(result[1]))
        expected = smote_tomek(X, y, random_state=seed)
        if _same(got, expected):
            continue
        X_s, y_s = smote(X, y, random_state=seed)
        X_t, y_t, _ = tomek_links(X, y, sampling_strategy="all")
        known = [
            (tomek_links(X_s, y_s)[:2], "you removed only one end of each link (TomekLinks() with its default "
                                        "'auto'). SMOTETomek removes both ends: use sampling_strategy='all'."),
            ((X_s, y_s), "that is SMOTE's output: the Tomek links are still in it. Remove both ends of every link."),
            (smote(X_t, y_t, random_state=seed), "you removed the links first and ran SMOTE afterwards; SMOTE-Tomek "
                                                 "cleans what SMOTE made, so SMOTE comes first."),
        ]
        for candidate, hint in known:
            if _same(got, candidate):
                return Feedback("incorrect", f"on {description}, {hint}", exercise=name)
        return Feedback(
            "incorrect",
            f"on {description} your result has {len(got[1])} rows, smote_tomek's has {len(expected[1])}. Run "
            f"SMOTE(random_state=random_state) first, then remove both ends of every Tomek link of its output, "
            f"keeping the rows in SMOTE's order.",
            exercise=name,
        )
    return Feedback("correct", "your composition returns the same rows as negedu's smote_tomek (and so as "
                               "imbalanced-learn's SMOTETomek with the same seed).", exercise=name)
