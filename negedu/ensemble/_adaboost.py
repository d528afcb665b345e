r"""AdaBoost with the SAMME rule (Zhu, Zou, Rosset and Hastie, 2009): re-weight, refit, vote."""

import numbers

import numpy as np

from negedu._bunch import Bunch
from negedu._numerics import softmax
from negedu._validation import (_short, check_array, check_instance, check_int, check_labels, check_numeric, check_random_state,
                                check_sample_weight)
from negedu.ensemble._base import MAX_INT, BaseEstimator, check_classification_data, clone_estimator
from negedu.ensemble._tree import _scale_to_one
from negedu.ensemble._tree_batch import grow_stump, presort_stumps
from negedu.ensemble._tree_classifier import DecisionTreeClassifier, members_predict

EPS = np.finfo(np.float64).eps

__all__ = ["adaboost_samme", "samme_decision", "samme_proba", "AdaBoostClassifier"]


def _set_member_seeds(estimator, rs):
    """Give every ``random_state`` parameter of ``estimator`` a seed drawn from ``rs`` (sorted names)."""
    keys = sorted(k for k in estimator.get_params(deep=True) if k == "random_state" or k.endswith("__random_state"))
    if keys:
        estimator.set_params(**{k: int(rs.randint(MAX_INT)) for k in keys})
    return estimator


def adaboost_samme(X, y, estimator=None, *, n_estimators=50, learning_rate=1.0, random_state=None,
                   sample_weight=None):
    r"""Fit AdaBoost-SAMME: each round fits a weak learner, weighs it, and up-weights its mistakes.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Class labels, at least two classes.
    estimator : classifier or None, default=None
        The weak learner, cloned each round; None means a stump,
        ``DecisionTreeClassifier(max_depth=1)``. It must accept ``sample_weight`` in ``fit``.
    n_estimators : int, default=50
        The most rounds :math:`M` (fewer if a learner is perfect or no better than chance).
    learning_rate : float, default=1.0
        Shrinks each learner's weight :math:`\alpha_m`.
    random_state : None, int or numpy.random.RandomState, default=None
        Each round's learner gets ``random_state = rs.randint(2**31 - 1)``.
    sample_weight : array-like of shape (n_samples,), default=None
        Initial weights (uniform by default), anywhere in :math:`[0, 10^{300}]`, normalised to
        sum to 1; not all zero.

    Returns
    -------
    model : Bunch
        ``classes``, ``estimators`` (the fitted learners), ``estimator_weights``
        (:math:`\alpha_m`, length ``n_estimators``, zero for rounds not run) and
        ``estimator_errors`` (:math:`\varepsilon_m`).

    Raises
    ------
    ValueError
        If the first learner is no better than chance, every weight is 0, or an input is invalid.

    Notes
    -----
    With :math:`K` classes and weights :math:`w_i` summing to 1, round :math:`m` fits
    :math:`h_m` on the weighted data and computes

    .. math::

        \varepsilon_m = \sum_i w_i [h_m(x_i) \ne y_i], \qquad
        \alpha_m = \eta \left(\log\frac{1 - \varepsilon_m}{\varepsilon_m} + \log(K - 1)\right),
        \qquad w_i \leftarrow w_i \, e^{\alpha_m [h_m(x_i) \ne y_i]} ,

    then renormalises the weights. The :math:`\log(K-1)` term is SAMME's: it keeps
    :math:`\alpha_m > 0` whenever the learner beats chance, :math:`\varepsilon_m < 1 - 1/K`
    (for :math:`K = 2` it is the AdaBoost.M1 of Freund and Schapire). A perfect learner
    (:math:`\varepsilon_m = 0`) gets :math:`\alpha_m = 1` and stops the loop; a learner no
    better than chance is dropped and stops it. The weights are not updated after the last
    round. These are scikit-learn's conventions, so with stumps that equal scikit-learn's
    the model is scikit-learn's.

    Numerics, as in scikit-learn: before each round every weight below machine epsilon
    :math:`\epsilon \approx 2.2 \times 10^{-16}` is raised to :math:`\epsilon` (weights that
    were 0 from the start stay 0), so a large :math:`\eta` cannot shrink a sample's weight
    to 0 for good, and the weights that reach the learner span at most 16 orders of
    magnitude. The update is :math:`\exp(\log w_i + \alpha_m [\cdot])`. One difference:
    where :math:`e^{\alpha_m}` overflows (:math:`\eta` above about 20), scikit-learn warns
    and stops; here the exponents are shifted by their maximum first (the same weights after
    normalising) and boosting goes on.

    References
    ----------
    Y. Freund and R. E. Schapire, "A decision-theoretic generalization of on-line learning and
    an application to boosting", Journal of Computer and System Sciences 55(1), 119-139, 1997.
    J. Zhu, H. Zou, S. Rosset and T. Hastie, "Multi-class AdaBoost", Statistics and Its
    Interface 2(3), 349-360, 2009.

    Examples
    --------
    >>> model = adaboost_samme([[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1], n_estimators=5)
    >>> len(model.estimators), model.estimator_weights[:2].tolist()
    (1, [1.0, 0.0])
    """
    X, y, classes, y_encoded = check_classification_data(X, y, "AdaBoost")
    n_estimators = check_int(n_estimators, "n_estimators", minimum=1, hint="Use at least one boosting round.")
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, numbers.Real) or not learning_rate > 0:
        raise ValueError(f"learning_rate must be a positive number, got {_short(learning_rate)}. Use 1.0.")
    base = DecisionTreeClassifier(max_depth=1) if estimator is None else check_instance(estimator)
    K = classes.size
    w = check_sample_weight(sample_weight, X.shape[0]).astype(np.float64)
    if not w.any():
        raise ValueError("sample_weight is all zeros, so there is nothing to boost. Give some samples a positive weight.")
    w = _scale_to_one(w)[0]  # exact (a power of two), so that the sum below cannot overflow
    w = w / w.sum()
    zero_from_start = w == 0  # these samples keep weight 0
    rs = check_random_state(random_state)
    # the default stump is grown by grow_stump, the same stump as fit's, on columns sorted once for all rounds
    stumps = presort_stumps(X.astype(np.float32), np.flatnonzero(~zero_from_start)) if estimator is None else None
    estimators, alphas, errors = [], np.zeros(n_estimators), np.ones(n_estimators)
    for m in range(n_estimators):
        w = np.where(zero_from_start, 0.0, np.maximum(w, EPS))  # no weight below machine epsilon (as scikit-learn)
        learner = _set_member_seeds(clone_estimator(base), rs)
        if stumps is None:
            incorrect = learner.fit(X, y, sample_weight=w).predict(X) != y
        else:
            learner._set_grown(grow_stump(stumps, classes, y_encoded, w), X.shape[1])
            incorrect = _stump_predict(learner.tree_, stumps.X) != y_encoded
        error = float(np.average(incorrect, weights=w))  # weighted error
        if error <= 0:  # perfect: keep it with weight 1 and stop
            estimators.append(learner)
            alphas[m], errors[m] = 1.0, 0.0
            break
        if error >= 1.0 - 1.0 / K:  # no better than chance: drop it and stop
            if not estimators:
                raise ValueError(
                    f"The first weak learner of AdaBoost is no better than chance (weighted error "
                    f"{error:.3f} >= 1 - 1/K = {1 - 1 / K:.3f}); boosting cannot start. Use a "
                    "stronger estimator (e.g. a deeper tree)."
                )
            break
        alpha = learning_rate * (np.log((1.0 - error) / error) + np.log(K - 1.0))
        estimators.append(learner)
        alphas[m], errors[m] = alpha, error
        if m == n_estimators - 1:
            break
        with np.errstate(divide="ignore", over="ignore"):  # log 0 = -inf for the zero weights
            log_w = np.log(w) + alpha * incorrect * (w > 0)  # up-weight the mistakes
            w = np.exp(log_w)
        total = w.sum()
        if not np.isfinite(total):  # e^alpha overflowed: the same weights, up to a factor
            w = np.exp(log_w - log_w.max())
            total = w.sum()
        w = w / total
    return Bunch(classes=classes, estimators=estimators, estimator_weights=alphas, estimator_errors=errors)


def _stump_predict(tree, X):
    """The encoded class a fitted stump predicts for each row of float32 ``X`` (as its ``predict``)."""
    if tree.node_count == 1:
        leaf = np.zeros(X.shape[0], dtype=np.int64)
    else:
        leaf = np.where(X[:, tree.feature[0]] <= tree.threshold[0], 1, 2)  # float64 threshold: compared in float64
    return np.argmax(tree.value[leaf, 0, :], axis=1)


def samme_decision(estimators, estimator_weights, classes, X):
    r"""The SAMME vote: each learner adds :math:`\alpha_m` to its class and :math:`-\alpha_m/(K-1)` to the others.

    Returns :math:`f(x) = \sum_m \alpha_m v_m(x) / \sum_m \alpha_m`, shape (n_samples, K); for
    :math:`K = 2`, the single score :math:`d = f_1 - f_0`, shape (n_samples,), as scikit-learn's
    ``decision_function``.
    """
    X = check_array(X, "X", copy=False)
    classes = check_labels(classes, "classes", fix="Pass the classes_ of the fitted ensemble.")
    estimator_weights = check_numeric(estimator_weights, "estimator_weights", ndim=1, copy=False)
    if estimator_weights.size < len(estimators) or classes.size < 2:  # a boosting stopped early: zero weights after
        raise ValueError(
            f"samme_decision needs a weight per estimator and at least 2 classes, got {len(estimators)} "
            f"estimators, {estimator_weights.size} weights and {classes.size} classes. Pass what adaboost_samme returns.")
    K = classes.size
    decision = 0.0
    for alpha, predicted in zip(estimator_weights, members_predict(estimators, X)):
        votes = predicted[:, None] == classes[None, :]  # (n, K) one-hot vote
        decision = decision + np.where(votes, alpha, -1.0 / (K - 1) * alpha)
    decision = decision / np.sum(estimator_weights)
    if K == 2:
        return decision[:, 1] - decision[:, 0]
    return decision


def samme_proba(decision, n_classes):
    r"""Probabilities from the SAMME decision: :math:`\mathrm{softmax}(f / (K-1))`; binary: softmax([-d, d] / 2)."""
    n_classes = check_int(n_classes, "n_classes", minimum=2)
    decision = check_numeric(decision, "decision", ndim=1 if n_classes == 2 else 2, copy=False)
    if n_classes == 2:
        z = np.column_stack([-decision, decision]) / 2
    else:
        z = decision / (n_classes - 1)
    return softmax(z, axis=1)


class AdaBoostClassifier(BaseEstimator):
    r"""AdaBoost-SAMME with scikit-learn's interface; a thin shell around :func:`adaboost_samme`.

    Attributes
    ----------
    classes_, n_classes_, n_features_in_, estimators_, estimator_weights_, estimator_errors_
    estimator_ :
        The unfitted weak learner each round clones (a stump when ``estimator`` is None).
    feature_importances_ : ndarray of shape (n_features,)
        The learners' importances weighted by :math:`\alpha_m`, as scikit-learn's:
        :math:`\sum_m \alpha_m I_m / \sum_m \alpha_m`.

    Examples
    --------
    >>> clf = AdaBoostClassifier(n_estimators=3).fit([[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1])
    >>> clf.predict([[0.2], [2.9]]).tolist()
    [0, 1]
    """

    def __init__(self, estimator=None, *, n_estimators=50, learning_rate=1.0, random_state=None):
        self.estimator = estimator
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.random_state = random_state

    def fit(self, X, y, sample_weight=None):
        """Boost on ``X``, ``y``; returns ``self``."""
        model = adaboost_samme(X, y, self.estimator, n_estimators=self.n_estimators,
                               learning_rate=self.learning_rate, random_state=self.random_state,
                               sample_weight=sample_weight)
        self.classes_ = model.classes
        self.n_classes_ = model.classes.size
        self.estimators_ = model.estimators
        self.estimator_weights_ = model.estimator_weights
        self.estimator_errors_ = model.estimator_errors
        self.n_features_in_ = int(np.shape(X)[1])
        return self

    @property
    def estimator_(self):
        """The unfitted weak learner each round clones."""
        self._check_fitted("estimator_")
        return DecisionTreeClassifier(max_depth=1) if self.estimator is None else clone_estimator(self.estimator)

    @property
    def feature_importances_(self):
        r"""The learners' ``feature_importances_`` weighted by :math:`\alpha_m`, divided by :math:`\sum_m \alpha_m`."""
        self._check_fitted("feature_importances_")
        weights = self.estimator_weights_[:len(self.estimators_)]
        return sum(w * learner.feature_importances_ for w, learner in zip(weights, self.estimators_)) / \
            self.estimator_weights_.sum()

    def decision_function(self, X):
        """The weighted SAMME vote (see :func:`samme_decision`)."""
        self._check_fitted("decision_function")
        X = check_array(X, "X", copy=False)
        return samme_decision(self.estimators_, self.estimator_weights_, self.classes_, X)

    def predict_proba(self, X):
        """Class probabilities, :func:`samme_proba` of the decision."""
        self._check_fitted("predict_proba")
        return samme_proba(self.decision_function(X), self.n_classes_)

    def predict(self, X):
        """The class with the largest probability."""
        self._check_fitted("predict")
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]
