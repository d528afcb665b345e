"""Every public function and estimator of the core answers bad input, found without listing them.

In the spirit of scikit-learn's ``check_estimator``. The FUNCTIONS are discovered: each public
module of the core (not the teaching layer) is imported and each function of its ``__all__`` is
called once with valid input built from its signature (``VALID`` gives a value per parameter
name; ``SPECIAL`` the whole call for functions whose valid input is unusual). Then each array
argument in turn is replaced by NaN, infinity, an empty array, the wrong number of dimensions and
the wrong type; every such call must raise a ``ValueError`` or ``TypeError`` with a message (not an
``IndexError``, a ``ZeroDivisionError``, a NumPy ``AxisError`` or a silent NaN), and leave the
arguments unchanged byte for byte. Functions with ``random_state`` must not touch NumPy's global
random state and must give the same answer for the same seed.

The CLASSES are the ones ``tests/test_estimators.py`` discovers; this file adds what that one does
not test: pickling, bad ``X`` in ``fit``, a different number of features in ``predict`` and
extreme sample weights.

A new public function is covered as soon as it is exported. If it cannot be called from
``VALID`` alone, the test fails and asks for an entry in ``SPECIAL``.
"""

import importlib
import inspect
import pickle
import pkgutil
import warnings

import numpy as np
import pytest

import negedu
from test_estimators import CLASSES, _data, _fit, _is_unsupervised, _make

TEACHING = {"plotting", "interactive", "exercises", "chapters"}
N = 12  # rows of every generic input: small, the battery is breadth not depth


def _rng():
    return np.random.RandomState(0)


def _X():
    return _rng().normal(size=(N, 3))


def _labels():
    return np.array([0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0])


def _pred():
    return np.array([0, 1, 1, 0, 0, 0, 0, 1, 0, 1, 1, 0])


def _scores():
    return _rng().normal(size=N)


def _probs():
    return _rng().uniform(0.05, 0.95, size=N)


# a valid value for each parameter name, made fresh for every call
VALID = {
    "X": _X, "X_query": _X, "X_fit": _X, "A": _X, "B": _X,
    "y": _labels, "y_true": _labels, "y_pred": _pred,
    "y_score": _scores, "logits": _scores,
    "y_prob": _probs, "y_proba": _probs, "p": _probs,
    "sample_weight": lambda: np.linspace(0.5, 2.0, N),
    "embeddings": _X,
    "random_state": lambda: 0,
}

_PAIRS = dict(center=lambda: _rng().normal(size=(4, 3)), context=lambda: _rng().normal(size=(4, 3)),
              negatives=lambda: _rng().normal(size=(4, 2, 3)))
_TRIPLET = dict(anchor=lambda: _rng().normal(size=(5, 3)), positive=lambda: _rng().normal(size=(5, 3)) + 0.1,
                negative=lambda: _rng().normal(size=(5, 3)) + 1.0)
_INFONCE = dict(query=lambda: _rng().normal(size=(4, 3)), positive_key=lambda: _rng().normal(size=(4, 3)),
                negative_keys=lambda: _rng().normal(size=(6, 3)))
_NTXENT = dict(z1=lambda: _rng().normal(size=(4, 3)), z2=lambda: _rng().normal(size=(4, 3)) + 0.1)
_LOGITS3 = lambda: _rng().normal(size=(N, 3))  # noqa: E731
_Y3 = lambda: np.arange(N) % 3  # noqa: E731

# Functions whose valid input is unusual: name -> {parameter: factory}. Parameters not listed here
# come from VALID (or keep their default). Each entry says why the generic input does not do.
SPECIAL = {
    # a count, not an array
    "anomaly.average_path_length": dict(n_samples=lambda: 10),
    "anomaly.isolation_forest": dict(n_estimators=lambda: 5),
    "anomaly.isolation_path": dict(index=lambda: 0),
    "anomaly.local_outlier_factor": dict(n_neighbors=lambda: 3),
    "anomaly.precision_at_k": dict(k=lambda: 3),
    # the contrastive losses take batches of embeddings in their own shapes
    "contrastive.tokenize": dict(text=lambda: "the negative class is the large one"),
    "contrastive.noise_distribution": dict(counts=lambda: np.array([5, 3, 2, 1])),
    "contrastive.sample_negatives": dict(noise=lambda: np.array([0.4, 0.3, 0.2, 0.1]), n=lambda: 6),
    "contrastive.skipgram_pairs": dict(ids=lambda: np.array([0, 1, 2, 3, 1, 0])),
    "contrastive.sgns_loss": _PAIRS,
    "contrastive.sgns_loss_grad": _PAIRS,
    "contrastive.train_sgns": dict(ids=lambda: np.array([0, 1, 2, 3, 1, 0, 2, 3]), n_words=lambda: 4,
                                   embedding_dim=lambda: 2, n_epochs=lambda: 1, n_negatives=lambda: 2),
    "contrastive.most_similar": dict(W=lambda: _rng().normal(size=(4, 3)), vocab=lambda: ["a", "b", "c", "d"],
                                     word=lambda: "a", n=lambda: 2),
    "contrastive.info_nce_loss": _INFONCE,
    "contrastive.info_nce_loss_grad": _INFONCE,
    "contrastive.nt_xent_logits": _NTXENT,
    "contrastive.nt_xent_loss": _NTXENT,
    "contrastive.nt_xent_loss_grad": _NTXENT,
    "contrastive.momentum_update": dict(theta_k=lambda: _rng().normal(size=(3, 2)),
                                        theta_q=lambda: _rng().normal(size=(3, 2)) + 1.0),
    "contrastive.train_linear_moco": dict(queue_size=lambda: 8, n_steps=lambda: 3, batch_size=lambda: 4),
    "contrastive.triplet_loss": _TRIPLET,
    "contrastive.triplet_loss_grad": _TRIPLET,
    "contrastive.debiased_nt_xent_loss": _NTXENT,
    "contrastive.debiased_nt_xent_loss_grad": _NTXENT,
    "contrastive.nt_xent_backward": "skip: takes the pieces of nt_xent_loss's forward pass; tests/test_contrastive_training.py checks it by finite differences",
    "contrastive.shift_images": dict(X=lambda: _rng().uniform(size=(4, 64)), dy=lambda: np.array([0, 1, -1, 0]),
                                     dx=lambda: np.array([1, 0, 0, -1])),
    "contrastive.augment_images": dict(X=lambda: _rng().uniform(size=(4, 64))),
    "contrastive.train_simclr": "skip: takes an encoder and an optimizer; tests/test_contrastive_training.py covers it",
    "contrastive.train_moco": "skip: takes an encoder and an optimizer; tests/test_contrastive_training.py covers it",
    "contrastive.train_triplet": "skip: takes an encoder and an optimizer; tests/test_contrastive_training.py covers it",
    "contrastive.negative_difficulty": dict(d_ap=lambda: np.array([0.1, 0.5, 0.3]),
                                            d_an=lambda: np.array([0.2, 0.3, 1.0]), margin=lambda: 0.2),
    # money amounts per transaction, and the cost of a review
    "costs.cost_decisions": dict(amount=lambda: np.linspace(10.0, 120.0, N), review_cost=lambda: 5.0),
    "costs.daily_costs": dict(amount=lambda: np.linspace(10.0, 120.0, N), flags=_pred, review_cost=lambda: 5.0,
                              n_days=lambda: 3),
    # generators: sizes instead of arrays (small, for speed)
    "datasets.fruit_features": dict(X=lambda: _rng().uniform(1.0, 2.0, size=(N, 2))),
    "datasets.make_apples_and_oranges": dict(n_samples=lambda: 50, imbalance_ratio=lambda: 4.0),
    "datasets.make_fruit_clusters": dict(n_negative=lambda: 20, n_positive=lambda: 5),
    "datasets.make_sunburnt_basket": dict(n_samples=lambda: 40),
    "datasets.make_imbalance": dict(sampling_strategy=lambda: {0: 4, 1: 2}),
    "datasets.make_transactions": dict(n_samples=lambda: 400, fraud_rate=lambda: 0.05),
    "datasets.load_keel": dict(name=lambda: "glass-0-4_vs_5"),
    "datasets.topic_recovery": dict(W=lambda: _rng().normal(size=(6, 3)), topic=lambda: np.array([0, 0, 0, 1, 1, 1]),
                                    n_neighbors=lambda: 2),
    "datasets.transaction_features": "skip: takes the frame make_transactions returns",
    "datasets.make_transaction_periods": dict(n_samples=lambda: 400, fraud_rate=lambda: 0.05),
    "datasets.make_class_blobs": dict(n_per_class=lambda: (10, 5)),
    "datasets.make_anomaly_blobs": dict(n_dense=lambda: 20, n_sparse=lambda: 10, n_local=lambda: 2,
                                        n_global=lambda: 2),
    "datasets.make_open_set_blobs": dict(n_per_class=lambda: 10, n_unknown=lambda: 5),
    "datasets.make_shifting_negatives": dict(n_positive=lambda: 10, n_negative=lambda: 30),
    "datasets.make_intents": dict(n_per_intent=lambda: (10, 12, 8, 9)),
    # ensembles: the fitted pieces other functions take
    "ensemble.easy_ensemble": dict(n_estimators=lambda: 2),
    "ensemble.adaboost_samme": dict(n_estimators=lambda: 3),
    "ensemble.balanced_random_forest": dict(n_estimators=lambda: 3),
    # multiclass probabilities and logits are matrices
    "losses.softmax_objective": dict(coef=lambda: _rng().normal(size=(3, 3)), intercept=lambda: np.zeros(3),
                                     y=_Y3),
    "losses.softmax_regression": dict(y=_Y3),
    "losses.softmax_focal_loss": dict(y_true=_Y3, logits=_LOGITS3),
    "losses.softmax_focal_loss_grad": dict(y_true=_Y3, logits=_LOGITS3),
    "losses.compute_class_weight": dict(class_weight=lambda: "balanced", classes=lambda: np.array([0, 1])),
    "losses.compute_sample_weight": dict(class_weight=lambda: "balanced"),
    "losses.cost_threshold": dict(cost_matrix=lambda: np.array([[0.0, 1.0], [5.0, 0.0]])),
    "losses.min_expected_cost_predict": dict(y_proba=lambda: np.column_stack([1 - _probs(), _probs()]),
                                             cost_matrix=lambda: np.array([[0.0, 1.0], [5.0, 0.0]])),
    "losses.tune_threshold": dict(cost_matrix=lambda: np.array([[0.0, 1.0], [5.0, 0.0]])),
    "losses.sigmoid": dict(z=_scores),
    "metrics.fbeta_score": dict(beta=lambda: 2.0),
    "metrics.auc": dict(x=lambda: np.linspace(0.0, 1.0, N), y=_probs),
    "model_selection.stratified_folds": dict(n_splits=lambda: 3),
    "model_selection.time_folds": dict(time=lambda: np.arange(N, dtype=float), n_folds=lambda: 3),
    "model_selection.predefined_folds": dict(test_fold=lambda: np.arange(N) % 3),
    "model_selection.forward_folds": dict(test_fold=lambda: np.arange(N) % 3),
    "model_selection.cross_validate_resampling": "skip: takes callables; tests/test_model_selection.py covers it",
    # the multiclass helpers take fitted binary models or pairwise votes
    "multiclass.one_vs_rest_fit": "skip: takes an estimator; the class is in the estimator battery",
    "multiclass.one_vs_one_fit": "skip: takes an estimator; the class is in the estimator battery",
    "multiclass.one_vs_rest_scores": "skip: takes fitted estimators; the class is in the estimator battery",
    "multiclass.pairwise_votes": dict(predictions=lambda: (_pred()[:, None] * np.ones((1, 3), int)),
                                      n_classes=lambda: 3),
    "multiclass.pairwise_decision_function": dict(predictions=lambda: (_pred()[:, None] * np.ones((1, 3), int)),
                                                  confidences=lambda: _rng().normal(size=(N, 3)),
                                                  n_classes=lambda: 3),
    "multiclass.sigmoid_calibrated": dict(a=lambda: -1.0, b=lambda: 0.0),
    "neighbors.kneighbors": dict(n_neighbors=lambda: 3),
    "neighbors.kneighbors_brute": dict(n_neighbors=lambda: 3),
    "neighbors.check_neighbors_object": "skip: checks an argument, it takes no data",
    "nn.prior_bias": dict(prior=lambda: 0.1),
    "nn.mlp": dict(sizes=lambda: [3, 4, 1]),
    "nn.minibatches": dict(n_samples=lambda: 10, batch_size=lambda: 4),
    # open-set scores take class logits (n_samples, n_classes)
    "openset.log_softmax": dict(logits=_LOGITS3),
    "openset.softmax": dict(logits=_LOGITS3),
    "openset.max_softmax_score": dict(logits=_LOGITS3),
    "openset.energy_score": dict(logits=_LOGITS3),
    "openset.fit_weibull_tail": dict(distances=lambda: _rng().uniform(0.1, 2.0, size=30), tail_size=lambda: 10),
    "openset.weibull_cdf": dict(x=lambda: np.linspace(0.1, 2.0, 5), shape=lambda: 2.0, scale=lambda: 1.0),
    "openset.openmax_fit": dict(logits=lambda: np.eye(3)[np.arange(30) % 3] * 3 + _rng().normal(size=(30, 3)),
                                y=lambda: np.arange(30) % 3, tail_size=lambda: 4),
    "openset.openmax_proba": dict(logits=_LOGITS3, mean_vectors=lambda: np.eye(3) * 3,
                                  shapes=lambda: np.full(3, 2.0), scales=lambda: np.ones(3)),
    "openset.dirichlet_alpha": dict(logits=_LOGITS3),
    "openset.evidential_uncertainty": dict(logits=_LOGITS3),
    "openset.evidential_loss": dict(y_true=_Y3, logits=_LOGITS3),
    "openset.evidential_fit": dict(y=_Y3, n_epochs=lambda: 3),
    "openset.open_set_predict": dict(unknown_score=_probs, threshold=lambda: 0.5, unknown_label=lambda: -1),
    "resampling.check_sampling_strategy": dict(sampling_strategy=lambda: "auto", sampling_type=lambda: "over-sampling"),
    "resampling.smote_interpolate": dict(X_base=lambda: _rng().normal(size=(4, 3)),
                                         X_neighbors=lambda: _rng().normal(size=(4, 3)),
                                         steps=lambda: np.linspace(0.1, 0.9, 4)),
    "resampling.near_miss": dict(n_neighbors=lambda: 2, n_neighbors_ver3=lambda: 2),
    "resampling.smote": dict(k_neighbors=lambda: 2),
    "resampling.borderline_smote": dict(k_neighbors=lambda: 2, m_neighbors=lambda: 3),
    "resampling.borderline_danger": dict(label=lambda: 1, m_neighbors=lambda: 3),
    "resampling.adasyn": dict(n_neighbors=lambda: 2),
    "resampling.adasyn_allocation": dict(label=lambda: 1, n_asked=lambda: 4, n_neighbors=lambda: 2),
    "resampling.smote_tomek": "skip: smote's k_neighbors=5 needs more minority rows; tests/test_resampling_combine.py",
    "resampling.smote_enn": "skip: smote's k_neighbors=5 needs more minority rows; tests/test_resampling_combine.py",
    "resampling.resampling_beta": dict(y_before=_labels, y_after=lambda: np.array([0, 1, 0, 1, 0, 1, 1, 1])),
    "resampling.prior_correction": dict(beta=lambda: 0.5),
    "shift.adjust_to_prior": dict(train_prior=lambda: 0.3, new_prior=lambda: 0.1),
    "shift.estimate_prior_em": dict(train_prior=lambda: 0.3),
    "shift.population_stability_index": dict(expected=_scores, actual=lambda: _scores() + 0.3),
    # the batch-mining losses take per-sample labels (elsewhere ``labels`` lists the classes)
    **{f"contrastive.{name}": dict(labels=_labels) for name in (
        "batch_all_triplets", "batch_hard_triplets", "semi_hard_triplets", "batch_all_triplet_loss",
        "batch_hard_triplet_loss", "semi_hard_triplet_loss", "batch_triplet_loss_grad")},
    # the helpers that take what a fit function returned
    "ensemble.tree_apply": dict(tree=lambda: _fitted("tree")),
    "ensemble.samme_decision": dict(estimators=lambda: _fitted("boost").estimators,
                                    estimator_weights=lambda: _fitted("boost").estimator_weights,
                                    classes=lambda: np.array([0, 1])),
    "ensemble.samme_proba": dict(decision=_scores, n_classes=lambda: 2),
    "ensemble.average_proba": dict(estimators=lambda: _fitted("easy").estimators, n_classes=lambda: 2),
    "ensemble.clone_estimator": "skip: takes an estimator; tests/test_estimators.py covers it",
    "losses.logistic_proba": dict(model=lambda: _fitted("logistic")),
    # a cost matrix is indexed by the classes, not the samples
    "losses.expected_cost": dict(cost_matrix=lambda: np.array([[0.0, 1.0], [5.0, 0.0]])),
    # the report needs unknown rows in y_true
    "openset.open_set_report": dict(y_true=lambda: np.where(_labels() == 1, -1, _pred()),
                                    unknown_score=_probs, threshold=lambda: 0.5, unknown_label=lambda: -1),
    "datasets.load_fraud_case": "skip: no arguments",
    "datasets.load_pydoc_corpus": dict(min_count=lambda: 50),
    "datasets.standardised_basket": dict(n_samples=lambda: 40),
}


def _fitted(what):
    """A fitted piece that a helper function takes (fit on the generic valid input)."""
    from negedu.ensemble import adaboost_samme, easy_ensemble, grow_tree
    from negedu.losses import fit_logistic_regression
    fit = {"tree": grow_tree, "logistic": fit_logistic_regression,
           "boost": lambda X, y: adaboost_samme(X, y, n_estimators=3, random_state=0),
           "easy": lambda X, y: easy_ensemble(X, y, n_estimators=2, random_state=0)}[what]
    return fit(_X(), _labels())


def _public_functions():
    found = {}
    for info in pkgutil.iter_modules(negedu.__path__):
        if info.name.startswith("_") or info.name in TEACHING:
            continue
        module = importlib.import_module(f"negedu.{info.name}")
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                found[f"{info.name}.{name}"] = obj
    return dict(sorted(found.items()))


FUNCTIONS = _public_functions()


def _valid_call(key, function):
    """The keyword arguments of one valid call of ``function``, or a failure that says what to add."""
    special = SPECIAL.get(key, {})
    if isinstance(special, str):
        pytest.skip(special)
    kwargs = {}
    for parameter in inspect.signature(function).parameters.values():
        if parameter.name in special:
            kwargs[parameter.name] = special[parameter.name]()
        elif parameter.name in VALID:
            kwargs[parameter.name] = VALID[parameter.name]()
        elif parameter.default is parameter.empty:
            pytest.fail(f"{key} needs a valid value for its parameter {parameter.name!r}: add an entry "
                        f"SPECIAL[{key!r}] = dict({parameter.name}=lambda: ...) in {__file__}.")
    return kwargs


def _call(function, kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(**kwargs)


def _copies(kwargs):
    return {name: (value.copy(), value.dtype, value.shape) for name, value in kwargs.items()
            if isinstance(value, np.ndarray)}


def _assert_unchanged(kwargs, before, key, what):
    for name, (copy, dtype, shape) in before.items():
        value = kwargs[name]
        assert value.dtype == dtype and value.shape == shape and value.tobytes() == copy.tobytes(), (
            f"{key} changed its argument {name} ({what})")


def _has_nan(result):
    if isinstance(result, (float, np.floating)):
        return bool(np.isnan(result))
    if isinstance(result, np.ndarray) and result.dtype.kind == "f":
        return bool(np.isnan(result).any())
    if isinstance(result, (tuple, list)):
        return any(_has_nan(part) for part in result)
    return False


@pytest.mark.parametrize("key", list(FUNCTIONS))
def test_function_has_a_valid_call(key):
    function = FUNCTIONS[key]
    kwargs = _valid_call(key, function)
    before = _copies(kwargs)
    try:
        result = _call(function, kwargs)
    except Exception as error:  # noqa: BLE001 - the message says what to do
        pytest.fail(f"{key} failed on the generic valid input ({type(error).__name__}: {error}); add or fix "
                    f"SPECIAL[{key!r}] in {__file__}.")
    _assert_unchanged(kwargs, before, key, "valid call")
    assert not _has_nan(result), f"{key} answered valid input with NaN"


def _bad_values(value, required):
    """The bad versions of one valid array argument: (what, bad value)."""
    bad = []
    if value.dtype.kind in "biuf":
        for what, filler in (("NaN", np.nan), ("inf", np.inf)):
            broken = value.astype(np.float64)
            broken.flat[value.size // 2] = filler
            bad.append((what, broken))
    bad.append(("empty", np.empty((0,) + value.shape[1:], dtype=value.dtype)))
    if value.ndim == 1:
        bad.append(("2-D for 1-D", np.column_stack([value, value])))
    else:
        bad.append((f"{value.ndim - 1}-D for {value.ndim}-D", value[..., 0]))
    bad += [("a string", "abc"), ("a dict", {"a": 1})]
    if required:
        bad.append(("None", None))
    return bad


# (function, parameter, bad input) -> why that input is answered without an error, on purpose
_UFUNC = ("elementwise, like a NumPy ufunc: any shape, and an empty array gives an empty answer")
_RANDOM_SAMPLER_NAN = ("the random samplers only pick rows, so X may hold NaN or infinity, as in "
                       "imbalanced-learn (their _allow_any_X)")
ACCEPTED = {
    **{("datasets.make_imbalance", "X", bad): "make_imbalance is RandomUnderSampler: " + _RANDOM_SAMPLER_NAN
       for bad in ("NaN", "inf")},
    **{(f"resampling.{name}", "X", bad): _RANDOM_SAMPLER_NAN
       for name in ("random_over_sample", "random_under_sample") for bad in ("NaN", "inf")},
    ("losses.min_expected_cost_predict", "y_proba", "1-D for 2-D"):
        "documented: a 1-D y_proba is P(y = 1) of a binary problem",
    ("shift.adjust_to_prior", "y_prob", "2-D for 1-D"): "documented: one column per class (multi-class priors)",
    ("shift.estimate_prior_em", "y_prob", "2-D for 1-D"): "documented: one column per class (multi-class priors)",
    ("metrics.brier_score_loss", "y_proba", "2-D for 1-D"):
        "scikit-learn's brier_score_loss takes one column per class (multi-class Brier score)",
    # sigmoid is negedu._numerics.sigmoid, scipy.special.expit within a rounding, and runs inside every fit
    # loop: like expit it is elementwise, keeps NaN (NaN in, NaN out) and sigmoid(+-inf) = 1 or 0
    **{("losses.sigmoid", "z", bad): "scipy.special.expit's contract: " + _UFUNC + "; NaN propagates"
       for bad in ("NaN", "empty", "2-D for 1-D")},
    ("losses.sigmoid", "z", "inf"): "sigmoid(inf) = 1 and sigmoid(-inf) = 0 exactly",
    ("openset.weibull_cdf", "x", "inf"): "F(inf) = 1: a distance may be infinite",
    ("openset.weibull_cdf", "x", "empty"): _UFUNC,
    ("openset.weibull_cdf", "x", "2-D for 1-D"): _UFUNC + " (openmax_proba passes (n, alpha) distances)",
    ("resampling.prior_correction", "y_prob", "empty"): _UFUNC + " (a scalar gives a scalar)",
    ("neighbors.kneighbors", "X_query", "empty"):
        "no query gives no neighbours: the samplers search classes that may have no rows to query",
    ("neighbors.kneighbors_brute", "X_query", "empty"):
        "no query gives no neighbours: the samplers search classes that may have no rows to query",
}


def _cases():
    for key, function in FUNCTIONS.items():
        special = SPECIAL.get(key, {})
        if isinstance(special, str):
            continue
        parameters = inspect.signature(function).parameters
        for name, parameter in parameters.items():
            factory = special.get(name, VALID.get(name))
            if factory is None or not isinstance(factory(), np.ndarray):
                continue
            for what, _ in _bad_values(factory(), parameter.default is parameter.empty):
                yield key, name, what


CASES = list(_cases())


@pytest.mark.parametrize("key, name, what", CASES, ids=[" ".join(case) for case in CASES])
def test_function_rejects_bad_array(key, name, what):
    if (key, name, what) in ACCEPTED:
        pytest.skip(ACCEPTED[key, name, what])
    function = FUNCTIONS[key]
    kwargs = _valid_call(key, function)
    required = inspect.signature(function).parameters[name].default is inspect.Parameter.empty
    kwargs[name] = dict(_bad_values(kwargs[name], required))[what]
    before = _copies(kwargs)
    try:
        result = _call(function, kwargs)
    except (ValueError, TypeError) as error:
        assert str(error).strip(), f"{key} raised {type(error).__name__} without a message for {name}={what}"
    except Exception as error:  # noqa: BLE001 - the failure names what was raised
        pytest.fail(f"{key} answered {name}={what} with {type(error).__name__}: {error}; "
                    "a ValueError or TypeError naming the parameter is expected")
    else:
        pytest.fail(f"{key} accepted {name}={what} (returned {type(result).__name__}"
                    f"{', with NaN' if _has_nan(result) else ''}); it should raise a ValueError or TypeError")
    _assert_unchanged(kwargs, before, key, f"{name}={what}")


SEEDED = [key for key, function in FUNCTIONS.items()
          if "random_state" in inspect.signature(function).parameters and not isinstance(SPECIAL.get(key), str)]


def _same(a, b):
    if inspect.isgenerator(a):
        return _same(list(a), list(b))
    if inspect.isfunction(a):
        return a.__qualname__ == b.__qualname__
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, np.ndarray):
        return np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    if hasattr(a, "get_params"):
        return type(a) is type(b)
    if hasattr(a, "__dict__") and not isinstance(a, type):
        return type(a) is type(b) and _same(vars(a), vars(b))
    return a == b or (a != a and b != b)


@pytest.mark.parametrize("key", SEEDED)
def test_seeded_function_is_reproducible_and_leaves_the_global_state_alone(key):
    function = FUNCTIONS[key]
    kwargs = _valid_call(key, function)
    kwargs["random_state"] = 0
    before = np.random.get_state()
    first = _call(function, kwargs)
    after = np.random.get_state()
    assert before[0] == after[0] and np.array_equal(before[1], after[1]) and before[2:] == after[2:], (
        f"{key}(random_state=0) used NumPy's global random state")
    assert _same(first, _call(function, _valid_call(key, function) | {"random_state": 0})), (
        f"{key} gave two answers for random_state=0")


# ------------------------------------------------------------------------------------ classes
# the methods that use what fit learned, in the order they are tried
PREDICT_METHODS = ("predict", "predict_proba", "decision_function", "score_samples", "kneighbors", "unknown_score")
# (class, bad X) -> why fit accepts it on purpose
FIT_ACCEPTS = {
    **{(name, bad): _RANDOM_SAMPLER_NAN for name in ("RandomUnderSampler", "RandomOverSampler")
       for bad in ("NaN", "inf")},
}


def _fit_method(estimator):
    if hasattr(estimator, "fit_resample"):
        return estimator.fit_resample, True
    return estimator.fit, not _is_unsupervised(estimator) and "y" in inspect.signature(estimator.fit).parameters


def _predict_methods(estimator):
    return [name for name in PREDICT_METHODS if callable(getattr(type(estimator), name, None))]


def _outputs(estimator, X):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [np.asarray(getattr(estimator, name)(X)) for name in _predict_methods(estimator)
                if not (name == "kneighbors")] or []


def _seeded(cls):
    estimator = _make(cls)
    if "random_state" in estimator.get_params(deep=False):
        estimator.set_params(random_state=0)
    return estimator


def _bad_X(X):
    nan, inf = X.copy(), X.copy()
    nan[3, 1], inf[3, 1] = np.nan, np.inf
    return {"NaN": nan, "inf": inf, "empty": X[:0], "1-D": X[:, 0], "3-D": X[:, :, None], "a string": "abc",
            "None": None}


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_pickled_estimator_predicts_the_same(cls):
    estimator = _fit(_seeded(cls))
    twin = pickle.loads(pickle.dumps(estimator))
    X, _ = _data()
    for a, b in zip(_outputs(estimator, X), _outputs(twin, X)):
        np.testing.assert_array_equal(a, b)
    if hasattr(estimator, "fit_resample"):  # a sampler: the same rows from the pickled twin
        for a, b in zip(_seeded(cls).fit_resample(*_data()),
                        pickle.loads(pickle.dumps(_seeded(cls))).fit_resample(*_data())):
            np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("what", ["NaN", "inf", "empty", "1-D", "3-D", "a string", "None"])
@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_fit_rejects_bad_X(cls, what):
    if (cls.__name__, what) in FIT_ACCEPTS:
        pytest.skip(FIT_ACCEPTS[cls.__name__, what])
    estimator = _make(cls)
    fit, supervised = _fit_method(estimator)
    X, y = _data()
    bad = _bad_X(X)[what]
    before = None if not isinstance(bad, np.ndarray) else bad.copy()
    with pytest.raises((ValueError, TypeError)) as error:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit(bad, y) if supervised else fit(bad)
    assert str(error.value).strip()
    if before is not None:
        assert before.tobytes() == bad.tobytes(), f"{cls.__name__}.fit changed X"


@pytest.mark.parametrize("cls", [cls for cls in CLASSES if _predict_methods(_make(cls))], ids=lambda cls: cls.__name__)
def test_predict_with_another_number_of_features_names_both(cls):
    estimator = _fit(_make(cls))
    X, _ = _data()
    wider = np.column_stack([X, X[:, :1]])
    for name in _predict_methods(estimator):
        with pytest.raises(ValueError, match=r"3 feature.*\b2\b"):
            getattr(estimator, name)(wider)


def _takes_sample_weight(cls):
    return "sample_weight" in inspect.signature(cls.fit).parameters


@pytest.mark.parametrize("scale", [1e-290, 1.0, 1e290])
@pytest.mark.parametrize("cls", [cls for cls in CLASSES if _takes_sample_weight(cls)], ids=lambda cls: cls.__name__)
def test_extreme_sample_weights_give_no_error_and_no_nan(cls, scale):
    X, y = _data()
    weights = scale * np.logspace(-10, 10, y.size)[np.random.RandomState(1).permutation(y.size)]  # 20 orders
    estimator = _make(cls)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        estimator.fit(X, y, sample_weight=weights)
    for output in _outputs(estimator, X):
        assert not (output.dtype.kind == "f" and np.isnan(output).any()), f"{cls.__name__} predicted NaN"


@pytest.mark.parametrize("cls", [cls for cls in CLASSES if "estimator" in inspect.signature(cls.__init__).parameters],
                         ids=lambda cls: cls.__name__)
def test_an_estimator_class_instead_of_an_instance_is_named(cls):
    from negedu.losses import LogisticRegression
    X, y = _data()
    with pytest.raises(TypeError, match=r"got the class LogisticRegression\. Pass an instance, e\.g\. LogisticRegression\(\)"):
        cls(estimator=LogisticRegression).fit(X, y)


# ------------------------------------------------------------------------------ hyper-parameters
# A keyword parameter whose default is a number is a hyper-parameter: NaN or a string must be refused.
# (function or class, parameter) -> why NaN or a string is a valid value there
_POS_LABEL = ("pos_label is a class label (a string or NaN may be one) and, as in scikit-learn, is only read "
              "when average='binary'")
HYPER_ACCEPTS = {
    **{(f"metrics.{name}", "pos_label"): _POS_LABEL for name in (
        "geometric_mean_score", "precision_recall_fscore_support", "sensitivity_specificity_support")},
    **{(name, "verbose"): "accepted for scikit-learn's signature and ignored (one process)"
       for name in ("BalancedRandomForestClassifier", "EasyEnsembleClassifier")},
    **{(name, "n_neighbors_ver3"): "only read (and then checked) with version=3; imbalanced-learn checks it always"
       for name in ("resampling.near_miss", "NearMiss")},
}


def _numeric_keywords(callable_):
    for parameter in inspect.signature(callable_).parameters.values():
        default = parameter.default
        if (parameter.default is not parameter.empty and isinstance(default, (int, float))
                and not isinstance(default, bool) and parameter.name != "random_state"):
            yield parameter.name


HYPER_CASES = [(key, name, bad) for key, function in FUNCTIONS.items() if not isinstance(SPECIAL.get(key), str)
               for name in _numeric_keywords(function) for bad in ("NaN", "a string")]


@pytest.mark.parametrize("key, name, bad", HYPER_CASES, ids=[" ".join(case) for case in HYPER_CASES])
def test_function_rejects_a_nan_or_string_hyper_parameter(key, name, bad):
    if (key, name) in HYPER_ACCEPTS:
        pytest.skip(HYPER_ACCEPTS[key, name])
    function = FUNCTIONS[key]
    kwargs = _valid_call(key, function)
    kwargs[name] = {"NaN": float("nan"), "a string": "abc"}[bad]
    try:
        result = _call(function, kwargs)
    except (ValueError, TypeError) as error:
        assert str(error).strip()
    except Exception as error:  # noqa: BLE001 - the failure names what was raised
        pytest.fail(f"{key} answered {name}={bad} with {type(error).__name__}: {error}")
    else:
        pytest.fail(f"{key} accepted {name}={bad} (returned {type(result).__name__}"
                    f"{', with NaN' if _has_nan(result) else ''})")


CLASS_HYPER_CASES = [(cls, name, bad) for cls in CLASSES for name in _numeric_keywords(cls.__init__)
                     for bad in ("NaN", "a string")]


@pytest.mark.parametrize("cls, name, bad", CLASS_HYPER_CASES,
                         ids=[f"{cls.__name__} {name} {bad}" for cls, name, bad in CLASS_HYPER_CASES])
def test_fit_rejects_a_nan_or_string_hyper_parameter(cls, name, bad):
    if (cls.__name__, name) in HYPER_ACCEPTS:
        pytest.skip(HYPER_ACCEPTS[cls.__name__, name])
    estimator = _make(cls).set_params(**{name: {"NaN": float("nan"), "a string": "abc"}[bad]})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _fit(estimator)
    except (ValueError, TypeError) as error:
        assert str(error).strip()
    except Exception as error:  # noqa: BLE001 - the failure names what was raised
        pytest.fail(f"{cls.__name__}.fit answered {name}={bad} with {type(error).__name__}: {error}")
    else:
        pytest.fail(f"{cls.__name__}.fit accepted {name}={bad}")
