r"""The KEEL benchmark of the chapter ``book/evidence.md``: one fold of one data set, every method.

``benchmarks/evidence.py`` is the command line that runs :func:`run_fold` over many data sets,
repeats and folds and writes the results file; the chapter reads that file and, at each build,
calls :func:`recompute_row` on a few rows to check that the file still says what the code computes.

Protocol (one *fold*: data set ``d``, repeat ``r``, fold ``f``)
-------------------------------------------------------------
* The outer split is ``StratifiedKFold(5, shuffle=True, random_state=split_seed(d, r))``; every
  random number of the fold (samplers, classifiers, the inner split) comes from
  ``fold_seed(d, r, f)``, a CRC-32 of the three, so any single row can be recomputed alone.
* The features are standardised with the training part's mean and standard deviation, before any
  resampling (so SMOTE interpolates in standardised units and k-NN, logistic regression and the
  samplers' neighbour searches see comparable features; trees are unaffected by the shift/scale).
* A method either changes the training data (a sampler, run once per fold and shared by every
  classifier), or changes the classifier (class weights), or changes the threshold (tuned by an
  inner stratified 3-fold cross-validation on the training part: the threshold maximising MCC on
  the pooled out-of-fold scores, then the classifier refitted on the whole training part), or is
  a classifier of its own (EasyEnsemble, the balanced random forest: run once per fold under the
  classifier name ``"ensemble"``).
* Every other method predicts positive when the positive-class probability exceeds 0.5 (what
  ``predict`` does). Average precision and ROC AUC use the probabilities and need no threshold.
"""

import time
import warnings
import zlib

import numpy as np

from negedu.datasets import list_keel, load_keel
from negedu.losses import LogisticRegression
from negedu.metrics import average_precision_score, balanced_accuracy_score, matthews_corrcoef, roc_auc_score
from negedu.resampling import (
    ADASYN,
    SMOTE,
    BorderlineSMOTE,
    EditedNearestNeighbours,
    RandomOverSampler,
    RandomUnderSampler,
    SMOTETomek,
    TomekLinks,
)

N_SPLITS = 5
INNER_SPLITS = 3
CLASSIFIERS = ("lr", "knn", "tree", "hgb")
CLASSIFIER_NAMES = {"lr": "logistic regression", "knn": "5-NN", "tree": "decision tree",
                    "hgb": "gradient boosting (HGB)", "ensemble": "balanced ensemble"}
SAMPLERS = {
    "ros": lambda seed: RandomOverSampler(random_state=seed),
    "rus": lambda seed: RandomUnderSampler(random_state=seed),
    "smote": lambda seed: SMOTE(random_state=seed),
    "borderline_smote": lambda seed: BorderlineSMOTE(random_state=seed),
    "adasyn": lambda seed: ADASYN(random_state=seed),
    "tomek": lambda seed: TomekLinks(),
    "enn": lambda seed: EditedNearestNeighbours(),
    "smote_tomek": lambda seed: SMOTETomek(random_state=seed),
}
METHODS = ("none", "threshold", "class_weight", *SAMPLERS)
ENSEMBLES = ("easy_ensemble", "balanced_rf")
METHOD_NAMES = {"none": "no resampling", "threshold": "threshold tuned", "class_weight": "class weights",
                "ros": "random over", "rus": "random under", "smote": "SMOTE",
                "borderline_smote": "Borderline-SMOTE", "adasyn": "ADASYN", "tomek": "Tomek links",
                "enn": "ENN", "smote_tomek": "SMOTE-Tomek", "easy_ensemble": "EasyEnsemble",
                "balanced_rf": "balanced RF"}
METRICS = ("ap", "roc_auc", "mcc", "balanced_accuracy")
COLUMNS = ("dataset", "classifier", "method", "repeat", "fold", "seed", *METRICS, "threshold",
           "fit_seconds", "note")


def keel_selection(min_positive=15, max_features=100):
    """The benchmark's data sets: every KEEL data set counted once, with >= ``min_positive``
    positives (so each training fold has >= 12, enough for SMOTE's k = 5 and the inner 3-fold
    threshold search) and <= ``max_features`` features; sorted by size, smallest first."""
    rows = [row for row in list_keel()
            if row.duplicate_of is None and row.n_positive >= min_positive and row.n_features <= max_features]
    return [row.name for row in sorted(rows, key=lambda row: (row.n_samples, row.name))]


def _crc(*parts):
    return zlib.crc32("|".join(str(part) for part in parts).encode()) & 0x7FFFFFFF


def split_seed(dataset, repeat):
    """The seed of repeat ``repeat``'s outer 5-fold split of ``dataset``."""
    return _crc("split", dataset, repeat)


def fold_seed(dataset, repeat, fold):
    """The seed of every random draw made inside one fold (samplers, classifiers, inner split)."""
    return _crc("fold", dataset, repeat, fold)


def make_classifier(name, seed, class_weight=None):
    """A fresh, unfitted classifier: ``"lr"`` is negedu's, the others scikit-learn's."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.tree import DecisionTreeClassifier

    if name == "lr":
        return LogisticRegression(C=1.0, class_weight=class_weight)
    if name == "knn":
        return KNeighborsClassifier(n_neighbors=5)  # class weights applied to the votes, see _scores
    if name == "tree":
        return DecisionTreeClassifier(class_weight=class_weight, random_state=seed)
    if name == "hgb":  # early stopping on a stratified 10 % of the training part, as sklearn does above 10,000 rows
        return HistGradientBoostingClassifier(class_weight=class_weight, early_stopping=True, random_state=seed)
    raise ValueError(f"classifier={name!r} is not one of {CLASSIFIERS}.")


def make_ensemble(name, seed):
    """imbalanced-learn's EasyEnsemble or balanced random forest (100 trees, its defaults).

    EasyEnsemble has 10 members, each AdaBoost with 10 rounds of stumps on its own balanced
    under-sample: imbalanced-learn's default members boost 50 rounds, which would make this one
    method a third of the benchmark's time; 10 x 10 keeps it an ensemble of 100 stumps.
    """
    from imblearn.ensemble import BalancedRandomForestClassifier, EasyEnsembleClassifier
    from sklearn.ensemble import AdaBoostClassifier

    if name == "easy_ensemble":
        return EasyEnsembleClassifier(n_estimators=10, estimator=AdaBoostClassifier(n_estimators=10),
                                      random_state=seed)
    if name == "balanced_rf":
        return BalancedRandomForestClassifier(n_estimators=100, random_state=seed)
    raise ValueError(f"method={name!r} is not one of {ENSEMBLES}.")


def knn_vote_weights(y):
    """Inverse class frequency weights ``n / (2 n_c)`` for the two classes, the 'balanced' rule."""
    counts = np.bincount(y, minlength=2).astype(float)
    return len(y) / (2.0 * counts)


def fit_scores(name, X_train, y_train, X_test, seed, class_weight=None):
    """Fit classifier ``name`` and return the positive-class probabilities on ``X_test``.

    For k-NN, ``class_weight="balanced"`` multiplies each class's vote share by its weight
    ``n / (2 n_c)`` and renormalises: the k-NN analogue of class weights.
    """
    model = make_classifier(name, seed, class_weight=None if name == "knn" else class_weight)
    model.fit(X_train, y_train)
    proba = model.predict_proba(X_test)
    if name == "knn" and class_weight == "balanced":
        proba = proba * knn_vote_weights(y_train)
        proba = proba / proba.sum(axis=1, keepdims=True)
    return proba[:, 1]


def mcc_threshold(y_true, y_score):
    r"""The threshold :math:`t` maximising MCC of the rule "positive iff score >= t".

    Candidates are the distinct scores, from the highest down. With :math:`TP_t, FP_t` the
    positives and negatives scoring :math:`\ge t` (cumulative counts over the sorted scores),
    :math:`P, N` the class totals, :math:`FN_t = P - TP_t`, :math:`TN_t = N - FP_t`,

    .. math:: \mathrm{MCC}_t = \frac{TP_t TN_t - FP_t FN_t}
              {\sqrt{(TP_t + FP_t)(TP_t + FN_t)(TN_t + FP_t)(TN_t + FN_t)}},

    0 when the denominator is 0 (scikit-learn's convention). The returned :math:`t` is the
    midpoint between the best candidate and the next smaller distinct score (the candidate
    itself when it is the smallest), so that a refitted model's slightly different scores fall
    on the same side; ties in MCC go to the highest threshold.
    """
    y_true = np.asarray(y_true)
    order = np.argsort(-y_score, kind="mergesort")
    scores, positive = y_score[order], y_true[order] == 1
    last = np.r_[np.flatnonzero(np.diff(scores) != 0), len(scores) - 1]  # last index of each distinct score
    tp = np.cumsum(positive)[last].astype(float)
    fp = (last + 1) - tp
    P, N = positive.sum(), len(positive) - positive.sum()
    fn, tn = P - tp, N - fp
    denominator = np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    mcc = np.divide(tp * tn - fp * fn, denominator, out=np.zeros_like(tp), where=denominator > 0)
    best = int(np.argmax(mcc))  # first maximum = highest threshold
    values = scores[last]
    return float(0.5 * (values[best] + values[best + 1]) if best + 1 < len(values) else values[best])


def tuned_threshold(name, X, y, seed):
    """Inner stratified 3-fold CV on the training part: pooled out-of-fold scores -> MCC threshold."""
    from sklearn.model_selection import StratifiedKFold

    oof = np.empty(len(y))
    inner = StratifiedKFold(INNER_SPLITS, shuffle=True, random_state=seed)
    for train, test in inner.split(X, y):
        oof[test] = fit_scores(name, X[train], y[train], X[test], seed)
    return mcc_threshold(y, oof)


def evaluate(y_true, y_score, threshold, strict):
    """AP, ROC AUC, and MCC / balanced accuracy of the rule ``score > t`` (``strict``) or ``>= t``."""
    y_pred = (y_score > threshold) if strict else (y_score >= threshold)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {"ap": average_precision_score(y_true, y_score), "roc_auc": roc_auc_score(y_true, y_score),
                "mcc": matthews_corrcoef(y_true, y_pred.astype(int)),
                "balanced_accuracy": balanced_accuracy_score(y_true, y_pred.astype(int))}


def fold_data(dataset, repeat, fold, data=None):
    """Standardised ``X_train, y_train, X_test, y_test`` of one outer fold, and its seed."""
    from sklearn.model_selection import StratifiedKFold

    X, y = data if data is not None else load_keel(dataset, return_X_y=True)
    X = np.asarray(X, dtype=float)
    splits = list(StratifiedKFold(N_SPLITS, shuffle=True, random_state=split_seed(dataset, repeat)).split(X, y))
    train, test = splits[fold]
    mean, std = X[train].mean(axis=0), X[train].std(axis=0)
    std[std == 0] = 1.0
    X_train, X_test = (X[train] - mean) / std, (X[test] - mean) / std
    return X_train, y[train], X_test, y[test], fold_seed(dataset, repeat, fold)


def _resample(method, X, y, seed):
    """Apply a sampler; if it cannot run on this fold, keep the data and say why."""
    try:
        X_res, y_res = SAMPLERS[method](seed).fit_resample(X, y)
        return X_res, y_res, ""
    except (ValueError, RuntimeError) as error:
        return X, y, f"sampler failed, trained on the original data: {str(error)[:80]}"


def run_fold(dataset, repeat, fold, classifiers=CLASSIFIERS, methods=METHODS + ENSEMBLES, data=None):
    """Every requested (classifier, method) row of one outer fold, as a list of dicts."""
    X_train, y_train, X_test, y_test, seed = fold_data(dataset, repeat, fold, data)
    rows = []

    def add(classifier, method, scores, threshold, strict, seconds, note=""):
        row = {"dataset": dataset, "classifier": classifier, "method": method, "repeat": repeat,
               "fold": fold, "seed": seed, **evaluate(y_test, scores, threshold, strict),
               "threshold": threshold, "fit_seconds": seconds, "note": note}
        rows.append(row)

    training_sets = {}
    for method in methods:
        if method in SAMPLERS:
            start = time.perf_counter()
            X_res, y_res, note = _resample(method, X_train, y_train, seed)
            training_sets[method] = (X_res, y_res, note, time.perf_counter() - start)
    for classifier in classifiers:
        plain = {}  # the unweighted model's scores, shared by "none" and "threshold" (same fit)
        for method in methods:
            if method in ENSEMBLES:
                continue
            start = time.perf_counter()
            if method in SAMPLERS:
                X_res, y_res, note, sample_seconds = training_sets[method]
                scores = fit_scores(classifier, X_res, y_res, X_test, seed)
                add(classifier, method, scores, 0.5, True, sample_seconds + time.perf_counter() - start, note)
            elif method == "threshold":
                threshold = tuned_threshold(classifier, X_train, y_train, seed)
                if "scores" not in plain:
                    plain["scores"] = fit_scores(classifier, X_train, y_train, X_test, seed)
                scores = plain["scores"]
                add(classifier, method, scores, threshold, False, time.perf_counter() - start)
            else:
                weight = "balanced" if method == "class_weight" else None
                scores = fit_scores(classifier, X_train, y_train, X_test, seed, class_weight=weight)
                if weight is None:
                    plain["scores"] = scores
                add(classifier, method, scores, 0.5, True, time.perf_counter() - start)
    for method in methods:
        if method in ENSEMBLES:
            start = time.perf_counter()
            scores = make_ensemble(method, seed).fit(X_train, y_train).predict_proba(X_test)[:, 1]
            add("ensemble", method, scores, 0.5, True, time.perf_counter() - start)
    return rows


def recompute_row(dataset, classifier, method, repeat, fold):
    """Recompute one row of the results file from scratch (metrics and threshold)."""
    methods = (method,)
    classifiers = () if classifier == "ensemble" else (classifier,)
    (row,) = run_fold(dataset, int(repeat), int(fold), classifiers=classifiers, methods=methods)
    return row
