"""What the book shows of negedu's code: every listing is pinned here, exists, and fits on one screen.

A chapter shows negedu's code with ``{negedu-listing}`` (docstrings cut to their summary, see
book/_ext/negedu_book.py) or ``{literalinclude}``, both with ``:pyobject:``. LISTINGS is the list
of every (page, file, object) the book shows: adding, moving or renaming a listed function fails
here with the page and the object named, and the fix is an edit of the page and of this list.
"""

import ast
import re
import sys
import textwrap
from collections import Counter

import pytest
from sphinx.config import Config
from sphinx.directives.code import LiteralIncludeReader

from conftest import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))
from negedu_book import _find_object, listing_text  # noqa: E402

# One screen: a listing shows at most this many lines.
BUDGET = 40

# Every listing of the book: (page, file, object), in page order.
LISTINGS = [
    ("book/anomaly-detection.md", "negedu/anomaly.py", "_neighbors_of_training_points"),
    ("book/anomaly-detection.md", "negedu/anomaly.py", "_lrd"),
    ("book/anomaly-detection.md", "negedu/anomaly.py", "_lof_fit"),
    ("book/anomaly-detection.md", "negedu/anomaly.py", "average_path_length"),
    ("book/anomaly-detection.md", "negedu/anomaly.py", "_mean_path_length"),
    ("book/balanced-ensembles.md", "negedu/ensemble/_easy_ensemble.py", "easy_ensemble"),
    ("book/balanced-ensembles.md", "negedu/ensemble/_easy_ensemble.py", "average_proba"),
    ("book/balanced-ensembles.md", "negedu/ensemble/_forest.py", "balanced_random_forest"),
    ("book/balanced-ensembles.md", "negedu/ensemble/_tree.py", "_best_split"),
    ("book/case-study-fraud.md", "negedu/datasets/_transactions.py", "make_transactions"),
    ("book/case-study-fraud.md", "negedu/costs.py", "cost_decisions"),
    ("book/case-study-fraud.md", "negedu/costs.py", "daily_costs"),
    ("book/evidence.md", "negedu/chapters/evidence/benchmark.py", "mcc_threshold"),
    ("book/evidence.md", "negedu/chapters/evidence/analysis.py", "friedman_statistic"),
    ("book/case-study-fraud.md", "negedu/chapters/case_study_fraud/explorer.py", "precision_at_k"),
    ("book/confusion-matrix.md", "negedu/metrics/_confusion.py", "confusion_matrix"),
    ("book/confusion-matrix.md", "negedu/metrics/_confusion.py", "_encode_pairs"),
    ("book/confusion-matrix.md", "negedu/metrics/_confusion.py", "_joint_counts"),
    ("book/confusion-matrix.md", "negedu/metrics/_confusion.py", "_per_label_counts"),
    ("book/confusion-matrix.md", "negedu/metrics/_sensitivity.py", "specificity_score"),
    ("book/contrastive-negatives.md", "negedu/contrastive/_word2vec.py", "noise_distribution"),
    ("book/contrastive-negatives.md", "negedu/contrastive/_word2vec.py", "sgns_loss"),
    ("book/contrastive-negatives.md", "negedu/contrastive/_word2vec.py", "sgns_loss_grad"),
    ("book/contrastive-negatives.md", "negedu/contrastive/_infonce.py", "nt_xent_loss"),
    ("book/contrastive-negatives.md", "negedu/contrastive/_infonce.py", "MoCoQueue"),
    ("book/contrastive-negatives.md", "negedu/contrastive/_triplet.py", "semi_hard_triplets"),
    ("book/contrastive-negatives.md", "negedu/contrastive/_training.py", "train_moco"),
    ("book/contrastive-negatives.md", "negedu/contrastive/_debiased.py", "_debiased_terms"),
    ("book/cost-sensitive.md", "negedu/losses/_class_weight.py", "compute_class_weight"),
    ("book/cost-sensitive.md", "negedu/losses/_cross_entropy.py", "binary_cross_entropy"),
    ("book/cost-sensitive.md", "negedu/losses/_cost.py", "cost_threshold"),
    ("book/cost-sensitive.md", "negedu/losses/_cost.py", "tune_threshold"),
    ("book/focal-loss.md", "negedu/losses/_focal.py", "sigmoid_focal_loss"),
    ("book/focal-loss.md", "negedu/losses/_focal.py", "sigmoid_focal_loss_grad"),
    ("book/focal-loss.md", "negedu/losses/_focal.py", "softmax_focal_loss"),
    ("book/focal-loss.md", "negedu/losses/_focal.py", "fit_linear_focal"),
    ("book/focal-loss.md", "negedu/losses/_focal.py", "_newton_focal"),
    ("book/focal-loss.md", "negedu/chapters/focal_loss/detection.py", "select_anchors"),
    ("book/focal-loss.md", "negedu/chapters/focal_loss/detection.py", "train_detector"),
    ("book/imbalance-metrics.md", "negedu/metrics/_accuracy.py", "matthews_corrcoef"),
    ("book/imbalance-metrics.md", "negedu/metrics/_sensitivity.py", "geometric_mean_score"),
    ("book/imbalance-metrics.md", "negedu/metrics/_accuracy.py", "imbalance_ratio"),
    ("book/one-vs-rest.md", "negedu/multiclass.py", "one_vs_rest_fit"),
    ("book/one-vs-rest.md", "negedu/multiclass.py", "one_vs_one_fit"),
    ("book/one-vs-rest.md", "negedu/multiclass.py", "pairwise_decision_function"),
    ("book/one-vs-rest.md", "negedu/multiclass.py", "calibrate_sigmoid"),
    ("book/open-set.md", "negedu/openset.py", "max_softmax_score"),
    ("book/open-set.md", "negedu/openset.py", "energy_score"),
    ("book/open-set.md", "negedu/openset.py", "_weibull_shape_equation"),
    ("book/open-set.md", "negedu/openset.py", "fit_weibull_tail"),
    ("book/open-set.md", "negedu/openset.py", "openmax_fit"),
    ("book/open-set.md", "negedu/openset.py", "openmax_proba"),
    ("book/open-set.md", "negedu/openset.py", "_evidential_terms"),
    ("book/positive-and-negative.md", "negedu/datasets/_fruit.py", "make_apples_and_oranges"),
    ("book/positive-and-negative.md", "negedu/datasets/_fruit.py", "_fruit_score"),
    ("book/resampling-in-practice.md", "negedu/resampling/_combine.py", "smote_tomek"),
    ("book/resampling-in-practice.md", "negedu/resampling/_combine.py", "_resolve_tomek"),
    ("book/resampling-in-practice.md", "negedu/resampling/_combine.py", "_over_then_clean"),
    ("book/resampling-in-practice.md", "negedu/resampling/_prior.py", "prior_correction"),
    ("book/roc-vs-pr.md", "negedu/metrics/_curves.py", "_binary_counts_at_thresholds"),
    ("book/roc-vs-pr.md", "negedu/metrics/_curves.py", "_roc_from_counts"),
    ("book/roc-vs-pr.md", "negedu/metrics/_ranking.py", "_binary_average_precision"),
    ("book/roc-vs-pr.md", "negedu/metrics/_ranking.py", "_binary_roc_auc"),
    ("book/roc-vs-pr.md", "negedu/metrics/_ranking.py", "average_precision_score"),
    ("book/shifting-negatives.md", "negedu/losses/_softmax.py", "softmax_objective"),
    ("book/shifting-negatives.md", "negedu/shift.py", "adjust_to_prior"),
    ("book/shifting-negatives.md", "negedu/shift.py", "estimate_prior_em"),
    ("book/shifting-negatives.md", "negedu/shift.py", "population_stability_index"),
    ("book/smote-geometry.md", "negedu/resampling/_smote.py", "_smote"),
    ("book/smote-geometry.md", "negedu/resampling/_smote.py", "_draw_pairs"),
    ("book/smote-geometry.md", "negedu/resampling/_smote.py", "_interpolate"),
    ("book/smote-geometry.md", "negedu/resampling/_borderline.py", "_in_danger"),
    ("book/smote-geometry.md", "negedu/resampling/_adasyn.py", "_adasyn"),
    ("book/smote-geometry.md", "negedu/resampling/_adasyn.py", "_adasyn_allocation"),
    ("book/undersampling.md", "negedu/resampling/_tomek.py", "find_tomek_links"),
    ("book/undersampling.md", "negedu/resampling/_nearmiss.py", "_near_miss_1_2"),
    ("book/undersampling.md", "negedu/resampling/_nearmiss.py", "_near_miss_3"),
    ("book/undersampling.md", "negedu/resampling/_enn.py", "_edited_nearest_neighbours"),
    ("book/undersampling.md", "negedu/resampling/_random_under.py", "_random_under_sample"),
]

# Listings whose code alone is longer than a screen, with the number of lines they show today. They
# may shrink but not grow; each waits for its kernel to be split out into a function of its own,
# which the page then shows instead (the suggested split is in the comment). Empty today: every
# listing fits.
TO_SPLIT = {}

_DIRECTIVE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{(?P<name>literalinclude|negedu-listing)\}[ \t]+(?P<path>\S+)[ \t]*\n"
    r"(?P<options>(?:[ \t]*:[\w-]+:[^\n]*\n)*)",
    re.M,
)
_SPHINX_CONFIG = Config()


def page_listings():
    """Every code listing of the book's pages, in order: dicts with page, file, object, directive
    and options (file relative to the repository, as in LISTINGS)."""
    found = []
    for page in sorted((ROOT / "book").glob("*.md")):
        for match in _DIRECTIVE.finditer(page.read_text(encoding="utf-8")):
            options = dict(re.findall(r"^[ \t]*:([\w-]+):[ \t]*(.*)$", match["options"], re.M))
            path = (page.parent / match["path"]).resolve()
            file = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else match["path"]
            found.append({
                "page": f"book/{page.name}",
                "file": file,
                "object": options.get("pyobject"),
                "directive": match["name"],
                "options": options,
            })
    return found


def shown_text(listing):
    """The text the page shows for a listing, computed as the directive computes it."""
    path = ROOT / listing["file"]
    if listing["directive"] == "negedu-listing":
        signature = "signature" in listing["options"]
        return listing_text(path.read_text(encoding="utf-8"), listing["object"], signature=signature)
    options = {key: value for key, value in listing["options"].items() if key != "language"}
    text, _ = LiteralIncludeReader(str(path), options, _SPHINX_CONFIG).read()
    return text


def _id(listing):
    return f"{listing['page']}:{listing['object']}"


PAGE_LISTINGS = page_listings()


def test_the_pinned_list_is_what_the_pages_show():
    on_pages = Counter((item["page"], item["file"], item["object"]) for item in PAGE_LISTINGS)
    pinned = Counter(LISTINGS)
    added = sorted((on_pages - pinned).elements())
    removed = sorted((pinned - on_pages).elements())
    message = []
    if added:
        message.append("shown on a page but not in LISTINGS (add them if they are meant):\n  "
                       + "\n  ".join(map(str, added)))
    if removed:
        message.append("in LISTINGS but no page shows them (a listing was removed or moved; "
                       "update LISTINGS):\n  " + "\n  ".join(map(str, removed)))
    assert not message, "\n".join(message)


def test_every_listing_names_an_object():
    whole_files = [_id(item) for item in PAGE_LISTINGS if not item["object"]]
    assert not whole_files, (
        f"these listings show a whole file: {whole_files}. Show one function or class with :pyobject:."
    )


@pytest.mark.parametrize(("page", "file", "name"), LISTINGS, ids=[f"{p}:{o}" for p, _, o in LISTINGS])
def test_every_listed_object_exists(page, file, name):
    path = ROOT / file
    assert path.is_file(), (
        f"{page} shows {name} from {file}, which does not exist: was the module moved? "
        "Update the page and LISTINGS in tests/test_book_listings.py."
    )
    try:
        _find_object(ast.parse(path.read_text(encoding="utf-8")), name)
        found = True
    except LookupError:
        found = False
    if not found:
        pytest.fail(
            f"{page} shows {name} from {file}, which has no such function or class: was it renamed "
            "or moved? Update the page and LISTINGS in tests/test_book_listings.py.",
            pytrace=False,
        )


@pytest.mark.parametrize("listing", PAGE_LISTINGS, ids=_id)
def test_every_listing_fits_on_one_screen(listing):
    if not (ROOT / listing["file"]).is_file():
        pytest.skip(f"{listing['file']} is missing (reported by test_every_listed_object_exists)")
    try:
        n_lines = len(shown_text(listing).splitlines())
    except (LookupError, ValueError) as error:
        pytest.skip(f"{listing['object']} not found ({error}; reported by test_every_listed_object_exists)")
    key = (listing["file"], listing["object"])
    where = f"{listing['page']} shows {listing['object']} from {listing['file']}"
    if key in TO_SPLIT:
        assert n_lines <= TO_SPLIT[key], (
            f"{where} in {n_lines} lines, more than the {TO_SPLIT[key]} it had when it was put in "
            "TO_SPLIT: split its kernel out (see the comment there) instead of growing it."
        )
        assert n_lines > BUDGET, (
            f"{where} in {n_lines} lines, which now fits on a screen: remove it from TO_SPLIT."
        )
        return
    hint = (
        "Show it with {negedu-listing} (the docstring is cut to its summary)"
        if listing["directive"] == "literalinclude"
        else "Show the function that holds the algorithm (its kernel) instead, or split the kernel out"
    )
    assert n_lines <= BUDGET, f"{where} in {n_lines} lines, more than {BUDGET}. {hint}."


@pytest.mark.parametrize("listing", PAGE_LISTINGS, ids=_id)
def test_every_listing_is_whole_python(listing):
    """A listing cut with :lines: must still end at a statement (a longer signature would be cut)."""
    try:
        text = textwrap.dedent(shown_text(listing))
    except (OSError, LookupError, ValueError) as error:
        pytest.skip(f"not found ({error}; reported by test_every_listed_object_exists)")
    if text.rstrip().endswith(":"):
        text += "    ...\n"
    try:
        ast.parse(text)
    except SyntaxError as error:
        pytest.fail(f"{listing['page']} shows {listing['object']} cut in the middle ({error.msg}, line "
                    f"{error.lineno} of the listing): check its :lines: option.\n{text}", pytrace=False)


# The directive's rendering, on a small module.

FAKE_MODULE = '''\
import functools


def plain(x):
    return x + 1


def one_line(x):
    """Already short."""
    return x


@functools.lru_cache
def decorated(n):
    r"""Sum 0..n-1, with a formula :math:`n (n - 1) / 2`.

    Parameters
    ----------
    n : int
    """
    # a comment stays
    return n * (n - 1) // 2


def two_line_summary(x):
    \'\'\'A summary that runs over
    two lines.

    Notes
    -----
    Long.
    \'\'\'

    def inner(y):
        """Inner helper.

        Details.
        """
        return y

    return inner(x)


class Queue:
    """A queue.

    Attributes
    ----------
    items : list
    """

    def push(self, item):
        """Append an item.

        More words.
        """
        self.items.append(item)
'''


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("plain", "def plain(x):\n    return x + 1\n"),
        ("one_line", 'def one_line(x):\n    """Already short."""\n    return x\n'),
        (
            "decorated",
            "@functools.lru_cache\ndef decorated(n):\n"
            '    r"""Sum 0..n-1, with a formula :math:`n (n - 1) / 2`."""\n'
            "    # a comment stays\n    return n * (n - 1) // 2\n",
        ),
        (
            "two_line_summary",
            "def two_line_summary(x):\n    '''A summary that runs over\n    two lines.'''\n\n"
            '    def inner(y):\n        """Inner helper."""\n        return y\n\n    return inner(x)\n',
        ),
        (
            "Queue",
            'class Queue:\n    """A queue."""\n\n    def push(self, item):\n'
            '        """Append an item."""\n        self.items.append(item)\n',
        ),
        ("Queue.push", 'def push(self, item):\n    """Append an item."""\n    self.items.append(item)\n'),
    ],
)
def test_listing_text_cuts_docstrings_to_their_summary(name, expected):
    shown = listing_text(FAKE_MODULE, name)
    assert shown == expected
    ast.parse(shown)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("plain", "def plain(x):\n"),
        ("one_line", 'def one_line(x):\n    """Already short."""\n'),
        (
            "decorated",
            "@functools.lru_cache\ndef decorated(n):\n"
            '    r"""Sum 0..n-1, with a formula :math:`n (n - 1) / 2`."""\n',
        ),
        ("Queue", 'class Queue:\n    """A queue."""\n'),
    ],
)
def test_listing_text_signature_only(name, expected):
    assert listing_text(FAKE_MODULE, name, signature=True) == expected


@pytest.mark.parametrize("name", ["missing", "Queue.pop", "plain.x", "functools"])
def test_listing_text_names_what_is_missing(name):
    with pytest.raises(LookupError, match=re.escape(repr(name))):
        listing_text(FAKE_MODULE, name)


def test_the_directive_in_a_small_sphinx_project(tmp_path):
    pytest.importorskip("myst_parser")
    from sphinx.cmd.build import build_main

    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text(FAKE_MODULE, encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / 'book' / '_ext')!r})\n"
        'extensions = ["myst_parser", "negedu_book"]\n',
        encoding="utf-8",
    )
    (docs / "index.md").write_text(
        "# Listings\n\n```{negedu-listing} ../pkg/mod.py\n:pyobject: decorated\n```\n\n"
        "```{negedu-listing} ../pkg/mod.py\n:pyobject: Queue.push\n:caption: A method\n:name: push\n```\n\n"
        "See {ref}`push`.\n",
        encoding="utf-8",
    )
    out = tmp_path / "html"
    code = build_main(["-W", "-n", "-q", "-b", "html", str(docs), str(out)])
    assert code == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    assert html.count('class="highlight-python notranslate"') == 2
    assert "Parameters" not in html and "More words" not in html
    assert "lru_cache" in html and 'class="caption-text">A method<' in html
    assert "linenos" not in html


def test_the_directive_warns_about_a_missing_object(tmp_path):
    pytest.importorskip("myst_parser")
    from sphinx.cmd.build import build_main

    (tmp_path / "mod.py").write_text(FAKE_MODULE, encoding="utf-8")
    (tmp_path / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / 'book' / '_ext')!r})\n"
        'extensions = ["myst_parser", "negedu_book"]\n',
        encoding="utf-8",
    )
    (tmp_path / "index.md").write_text("# X\n\n```{negedu-listing} mod.py\n:pyobject: renamed\n```\n", encoding="utf-8")
    warnings = tmp_path / "warnings.txt"
    code = build_main(["-q", "-w", str(warnings), "-b", "html", str(tmp_path), str(tmp_path / "html")])
    assert code == 0
    assert "mod.py has no function or class named 'renamed'; was it renamed?" in warnings.read_text(encoding="utf-8")
