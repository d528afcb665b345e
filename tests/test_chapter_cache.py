"""What the execution cache trusts: each chapter's code dependencies and the explorers' state cache.

A chapter executed by the tests is stored in the build's cache (book/_tools/chapter_cache.py)
and reused until the negedu code it imports changes; an explorer's rendered states likewise
(negedu/interactive/_state_cache.py). These tests check that what the cache calls a chapter's
or an explorer's code covers what really runs, and that a cached state is the state rendered.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from negedu.interactive import get_explorer
from negedu.interactive._explorer import _REGISTRY
from negedu.interactive._state_cache import render_states as _render_states

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_tools"))
import chapter_cache  # noqa: E402


@pytest.mark.parametrize("name", ["roc-vs-pr/imbalance", "smote-geometry/samplers", "shifting-negatives/fixes"])
def test_an_explorer_runs_only_code_its_fingerprint_covers(name):
    """Every negedu module loaded to build and draw the explorer is in its module's closure."""
    script = (f"import sys, json\nfrom negedu.interactive import get_explorer\ne = get_explorer({name!r})\n"
              "e.render_state(e.initial)\n"
              "print(json.dumps([m.__file__ for n, m in sys.modules.items() if n.startswith('negedu') and getattr(m, '__file__', None)]))")
    env = {"PYTHONPATH": str(ROOT), "MPLBACKEND": "agg", "PATH": ""}
    loaded = json.loads(subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True,
                                       text=True, check=True).stdout.splitlines()[-1])
    closure = chapter_cache.negedu_files([chapter_cache.explorer_module(name)])
    assert {Path(f).resolve() for f in loaded} <= {p.resolve() for p in closure}


def test_a_chapter_depends_on_the_negedu_it_imports_and_not_on_the_grader():
    deps = set(chapter_cache.chapter_dependencies(ROOT / "book" / "roc-vs-pr.md"))
    negedu = ROOT / "negedu"
    for path in ["chapters/roc_vs_pr/explorer.py", "chapters/roc_vs_pr/checks.py", "metrics/_ranking.py",
                 "plotting.py", "interactive/_explorer.py", "interactive/explorer.js", "exercises/_feedback.py"]:
        assert negedu / path in deps, path
    for path in ["exercises/grade.py", "exercises/build.py", "chapters/smote_geometry/explorer.py", "resampling/_smote.py"]:
        assert negedu / path not in deps, path
    assert ROOT / "requirements.txt" in deps


def test_a_chapter_importing_by_computed_name_depends_on_all_negedu():
    """The conformance page imports every core module with importlib: it depends on everything."""
    deps = set(chapter_cache.chapter_dependencies(ROOT / "book" / "conformance.md"))
    assert chapter_cache.all_negedu_files() <= deps


def test_dynamic_imports_are_recognised():
    import ast

    assert chapter_cache._imports_by_name(ast.parse("import importlib\nimportlib.import_module('negedu.x')"))
    assert chapter_cache._imports_by_name(ast.parse("registered_explorers()"))
    assert not chapter_cache._imports_by_name(ast.parse("from negedu.interactive import registered_explorers"))


@pytest.fixture
def state_cache(tmp_path, monkeypatch):
    """An explorer state cache in tmp_path that vouches for positive-and-negative's explorer."""
    module = chapter_cache.explorer_module("positive-and-negative/threshold")
    (tmp_path / "fingerprints.json").write_text(json.dumps({module: "code-v1"}))
    monkeypatch.setenv("NEGEDU_EXPLORER_CACHE", str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "agg")
    return tmp_path


DPI = 96  # any resolution: the cache keys on it


def render_states(explorer, states, dpi=DPI):
    """As Explorer.to_html renders them."""
    return _render_states(explorer, states, _REGISTRY.get(explorer.name), dpi=dpi)


def test_a_cached_state_is_the_state_rendered_and_is_not_rendered_again(state_cache, monkeypatch):
    explorer = get_explorer("positive-and-negative/threshold")
    states = list(explorer.states())[:3]
    first = render_states(explorer, states)
    assert first == [explorer.render_figures(values, dpi=DPI) for values in states]
    assert len(list(state_cache.rglob("*.pickle"))) == 3

    def no_rendering(values, dpi):
        raise AssertionError("a cached state was rendered again")

    monkeypatch.setattr(explorer, "render_figures", no_rendering)
    assert render_states(explorer, states) == first
    assert len(list(state_cache.rglob("*.pickle"))) == 3


def test_changed_code_or_settings_render_again(state_cache):
    import matplotlib

    explorer = get_explorer("positive-and-negative/threshold")
    states = list(explorer.states())[:1]
    render_states(explorer, states)
    module = chapter_cache.explorer_module(explorer.name)
    (state_cache / "fingerprints.json").write_text(json.dumps({module: "code-v2"}))
    render_states(explorer, states)
    with matplotlib.rc_context({"lines.linewidth": 3.0}):
        render_states(explorer, states)
    render_states(explorer, states, dpi=DPI // 2)  # another resolution is another picture
    assert len(list((state_cache / module / "code-v1").glob("*.pickle"))) == 1
    assert len(list((state_cache / module / "code-v2").glob("*.pickle"))) == 3


def test_an_explorer_nothing_vouches_for_is_not_cached(state_cache):
    explorer = get_explorer("roc-vs-pr/imbalance")  # no fingerprint for its module
    render_states(explorer, list(explorer.states())[:1])
    explorer = get_explorer("positive-and-negative/threshold")
    explorer.name = "positive-and-negative/renamed"  # not the registered explorer of that name
    render_states(explorer, list(explorer.states())[:1])
    explorer = get_explorer("positive-and-negative/threshold")
    explorer.describe = lambda values, nums: "drawn by a chapter's own code"
    render_states(explorer, list(explorer.states())[:1])
    assert not list(state_cache.rglob("*.pickle"))


def test_states_rendered_in_parallel_are_the_states_rendered_in_turn(state_cache, monkeypatch):
    monkeypatch.setenv("NEGEDU_EXPLORER_PROCESSES", "2")
    explorer = get_explorer("positive-and-negative/threshold")
    states = list(explorer.states())[:4]
    assert render_states(explorer, states) == [explorer.render_figures(values, dpi=DPI) for values in states]


def test_a_chapter_depends_on_the_data_it_reads_and_the_evidence_on_the_day(monkeypatch, tmp_path):
    evidence = ROOT / "book" / "evidence.md"
    today = chapter_cache.chapter_fingerprint(evidence)
    assert chapter_cache.chapter_fingerprint(evidence) == today

    class Tomorrow(chapter_cache.datetime.date):
        @classmethod
        def today(cls):
            return chapter_cache.datetime.date(2100, 1, 1)

    monkeypatch.setattr(chapter_cache.datetime, "date", Tomorrow)
    assert chapter_cache.chapter_fingerprint(evidence) != today  # another day, another sample re-checked
    for chapter, files in chapter_cache.CHAPTER_DATA.items():
        assert (ROOT / "book" / chapter).exists() and all((ROOT / f).exists() for f in files)
