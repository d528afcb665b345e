"""negedu._validation: clean inputs pass through unchanged, bad inputs get a message with a fix."""

import numpy as np
import pytest

from negedu import _validation as v


def test_check_array_keeps_dtype_and_copies():
    for dtype in (np.float32, np.float64, np.int64):
        X = np.arange(6, dtype=dtype).reshape(3, 2)
        out = v.check_array(X)
        assert out.dtype == dtype
        out[0, 0] = 99
        assert X[0, 0] == 0, "check_array must never return a view of the user's array"


def test_check_array_accepts_lists_and_object_numbers():
    assert v.check_array([[1, 2], [3, 4]]).shape == (2, 2)
    assert v.check_array(np.array([[1, 2.5]], dtype=object)).dtype == np.float64


@pytest.mark.parametrize(
    "X, match",
    [
        (np.array([1.0, 2.0]), r"X must be 2-D .*got a 1-D array of shape \(2,\).*reshape\(-1, 1\)"),
        (np.zeros((2, 2, 2)), r"X must be 2-D \(n_samples, n_features\), got shape \(2, 2, 2\)"),
        (np.array([[1.0, np.nan]]), r"X contains NaN\. Remove or impute"),
        (np.array([[1.0, np.inf]]), r"X contains infinity"),
        (np.zeros((0, 3)), r"X has 0 sample\(s\) \(shape=\(0, 3\)\); at least 1 is needed"),
        (np.array([["a", "b"]]), r"X must contain real numbers, got dtype <U1\. Encode strings"),
        (np.array([["a", 1]], dtype=object), r"X must contain numbers only, got dtype object"),
        ([[1, 2], [3]], r"X could not be turned into a NumPy array"),
    ],
)
def test_check_array_errors(X, match):
    with pytest.raises(ValueError, match=match):
        v.check_array(X)


def test_check_array_none():
    with pytest.raises(TypeError, match="X must be an array of numbers, got None"):
        v.check_array(None)


def test_check_consistent_length():
    v.check_consistent_length([1, 2], np.zeros((2, 3)), None)
    with pytest.raises(ValueError, match=r"inconsistent numbers of samples: y_true has 3 and y_pred has 2\. Pass one entry"):
        v.check_consistent_length([1, 2, 3], [1, 2], names=["y_true", "y_pred"])
    with pytest.raises(ValueError, match=r"a has 1, b has 2 and c has 2"):
        v.check_consistent_length([1], [1, 2], [3, 4], names=["a", "b", "c"])


def test_check_X_y():
    X, y = v.check_X_y([[0.0], [1.0]], [0, 1])
    assert X.shape == (2, 1) and y.tolist() == [0, 1]
    with pytest.raises(ValueError, match=r"X has 2 and y has 3"):
        v.check_X_y([[0.0], [1.0]], [0, 1, 1])
    with pytest.raises(ValueError, match=r"y contains NaN or infinity\. Every sample needs a class label"):
        v.check_X_y([[0.0], [1.0]], [0, np.nan])
    with pytest.raises(ValueError, match=r"y must be 1-D \(one entry per sample\), got shape \(2, 2\)"):
        v.check_X_y([[0.0], [1.0]], [[0, 1], [1, 0]])


def test_check_1d_ravels_columns_and_copies():
    y = np.array([[1], [0]])
    out = v.check_1d(y)
    assert out.shape == (2,)
    out[0] = 5
    assert y[0, 0] == 1
    with pytest.raises(TypeError, match="y must be a 1-D array-like, got None"):
        v.check_1d(None)
    with pytest.raises(ValueError, match="y_score contains NaN"):
        v.check_1d([0.1, np.nan], "y_score", allow_nonfinite=False)


def test_check_random_state_contract():
    assert v.check_random_state(None) is np.random.mtrand._rand
    rs = np.random.RandomState(3)
    assert v.check_random_state(rs) is rs
    a, b = v.check_random_state(42), v.check_random_state(42)
    assert a is not b and a.randint(1000) == b.randint(1000)
    assert v.check_random_state(np.int64(7)).randint(100) == np.random.RandomState(7).randint(100)
    with pytest.raises(TypeError, match=r"random_state must be None, an integer seed or a numpy.random.RandomState, got 'seed' of type str"):
        v.check_random_state("seed")
    with pytest.raises(TypeError, match="got True of type bool"):
        v.check_random_state(True)
    with pytest.raises(ValueError, match=r"random_state must be between 0 and 2\*\*32 - 1, got -1"):
        v.check_random_state(-1)


def test_check_int_fraction_choice():
    assert v.check_int(np.int32(3), "k", minimum=1) == 3
    with pytest.raises(TypeError, match=r"k must be an integer, got 2.5 of type float"):
        v.check_int(2.5, "k")
    with pytest.raises(ValueError, match=r"k must be at least 1, got 0\. Use k >= 1"):
        v.check_int(0, "k", minimum=1, hint="Use k >= 1.")
    with pytest.raises(ValueError, match=r"k must be at most 3, got 4"):
        v.check_int(4, "k", maximum=3)
    assert v.check_fraction(0.5, "ratio") == 0.5
    with pytest.raises(ValueError, match=r"ratio must be in \(0, 1\], got 0.0"):
        v.check_fraction(0.0, "ratio")
    with pytest.raises(TypeError, match=r"ratio must be a finite real number, got nan"):
        v.check_fraction(float("nan"), "ratio")
    assert v.check_choice("all", "kind_sel", ["all", "mode"]) == "all"
    with pytest.raises(ValueError, match=r"kind_sel must be one of 'all', 'mode'; got 'any'"):
        v.check_choice("any", "kind_sel", ["all", "mode"])


def test_type_of_target_and_unique_labels():
    assert v.type_of_target([0, 1, 1]) == "binary"
    assert v.type_of_target([1.0, 0.0]) == "binary"
    assert v.type_of_target(["a", "b", "c"]) == "multiclass"
    assert v.type_of_target([0.5, 1.0]) == "continuous"
    assert v.unique_labels([2, 0], [1]).tolist() == [0, 1, 2]
    with pytest.raises(ValueError, match=r"Mix of label types: y_true holds numbers, y_pred holds strings"):
        v.unique_labels([0, 1], ["a", "b"], names=["y_true", "y_pred"])


def test_check_sample_weight():
    assert v.check_sample_weight(None, 3).tolist() == [1.0, 1.0, 1.0]
    assert v.check_sample_weight([1, 2], 2).dtype == np.float64
    with pytest.raises(ValueError, match=r"sample_weight has 2 entries but there are 3 samples"):
        v.check_sample_weight([1, 2], 3)
    with pytest.raises(ValueError, match=r"sample_weight contains negative values \(smallest -1.0\)"):
        v.check_sample_weight([1, -1], 2)
    with pytest.raises(ValueError, match=r"sample_weight contains NaN or infinity"):
        v.check_sample_weight([1, np.inf], 2)


def test_check_scores_and_probabilities():
    assert v.check_scores([3, -2]).tolist() == [3, -2]
    with pytest.raises(ValueError, match=r"y_score contains NaN\. Every sample needs a finite score"):
        v.check_scores([0.1, np.nan])
    with pytest.raises(ValueError, match=r"y_score must contain numbers"):
        v.check_scores(["a", "b"])
    with pytest.raises(ValueError, match=r"y_prob must hold probabilities in \[0, 1\], got values from -0.5 to 1.0\. Pass predict_proba"):
        v.check_probabilities([-0.5, 1.0])


def test_check_binary_target():
    y, pos = v.check_binary_target([0, 1, 1])
    assert pos == 1 and y.tolist() == [0, 1, 1]
    assert v.check_binary_target(["ham", "spam"], pos_label="spam")[1] == "spam"
    with pytest.raises(ValueError, match=r"y_true has labels \['ham', 'spam'\], so the positive class is ambiguous\. Pass pos_label="):
        v.check_binary_target(["ham", "spam"])
    with pytest.raises(ValueError, match=r"y_true has 3 classes \[0, 1, 2\], but this function is for binary problems"):
        v.check_binary_target([0, 1, 2])
    with pytest.raises(ValueError, match=r"pos_label=2 is not a label of y_true, whose labels are \[0, 1\]"):
        v.check_binary_target([0, 1], pos_label=2)
    with pytest.raises(ValueError, match=r"y_true looks continuous \(for example 0.5\)"):
        v.check_binary_target([0.5, 1.0])
