"""The package's promises: its core runs on NumPy alone, and its imports form layers without a cycle.

The layers, from the bottom: the core (``metrics``, ``resampling``, ``losses``, ...), the shared
teaching machinery (``plotting``, ``interactive``, ``exercises``), and the chapters
(``chapters/<slug>/``). A module may import its own layer or the ones below it, never one above;
a chapter never imports another chapter; and no chain of imports comes back to where it started.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "negedu"
TEACHING = {"plotting", "interactive", "exercises"}  # matplotlib and ipywidgets allowed there
CHAPTERS = "chapters"
# every public module and subpackage of negedu except the teaching layer: a new module is
# checked without anyone having to list it
CORE = sorted(
    f"negedu.{path.stem}"
    for path in PACKAGE.iterdir()
    if not path.name.startswith("_")
    and (path.suffix == ".py" or (path / "__init__.py").exists())
    and path.stem not in TEACHING | {CHAPTERS}
)
CHAPTER_MODULES = sorted(
    f"negedu.chapters.{path.parent.name}.{path.stem}" for path in (PACKAGE / CHAPTERS).glob("*/*.py")
    if path.stem != "__init__"
)


def module_name(path):
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imports_of(name):
    """The negedu modules that module ``name`` imports (anywhere in it, functions included)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                base = ".".join(base + ([node.module] if node.module else []))
            else:
                base = node.module
            # "from package import name" imports the submodule package.name when there is one
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:  # negedu.metrics._curves.roc_curve -> the module
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


def layer(name):
    """0 for the core, 1 for the shared teaching machinery, 2 for a chapter (the package itself: 0)."""
    parts = name.split(".")
    if len(parts) > 1 and parts[1] == CHAPTERS:
        return 2
    if len(parts) > 1 and parts[1] in TEACHING:
        return 1
    return 0


def test_the_module_lists_are_found():
    assert {"negedu.metrics", "negedu.neighbors", "negedu.resampling", "negedu.losses", "negedu.anomaly"} <= set(CORE)
    assert "negedu.chapters.anomaly_detection.figures" in CHAPTER_MODULES
    assert "negedu.chapters.roc_vs_pr.explorer" in CHAPTER_MODULES and len(CHAPTER_MODULES) >= 40
    assert GRAPH["negedu.chapters.roc_vs_pr.explorer"] >= {"negedu.interactive", "negedu.metrics"}
    assert "negedu.metrics._common" in GRAPH["negedu.metrics._ranking"]


@pytest.mark.parametrize("module", CORE)
def test_core_modules_import_numpy_only(module):
    code = (
        f"import sys, {module}; "
        "bad = [m for m in ('sklearn', 'imblearn', 'scipy', 'matplotlib', 'ipywidgets', 'torch') if m in sys.modules]; "
        "print(','.join(bad))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "", f"{module} imports {done.stdout.strip()}"


def test_no_module_imports_a_layer_above_it():
    upward = sorted(f"{a} -> {b}" for a, targets in GRAPH.items() for b in targets if layer(b) > layer(a))
    assert not upward, "a module imports a layer above it (core < plotting/interactive/exercises < chapters):\n" + "\n".join(upward)


def test_no_chapter_imports_another_chapter():
    def chapter(name):
        return name.split(".")[2] if layer(name) == 2 and len(name.split(".")) > 2 else None

    crossing = sorted(f"{a} -> {b}" for a, targets in GRAPH.items() for b in targets
                      if chapter(a) and chapter(b) and chapter(a) != chapter(b))
    assert not crossing, ("a chapter imports another chapter: what two chapters share belongs in the core "
                          "or the shared machinery\n" + "\n".join(crossing))


def find_cycle(graph):
    """One cycle of ``graph`` as a list of nodes, or None (depth-first search, colours white/grey/black)."""
    state, stack = {}, []

    def visit(node):
        state[node] = "grey"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "grey":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = "black"
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_find_cycle_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_import_cycle():
    # a package's __init__ re-exporting its submodules is not a cycle; a submodule importing its
    # own package's __init__ back would be, and is caught here
    cycle = find_cycle(GRAPH)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_core_never_imports_matplotlib_or_ipywidgets_anywhere():
    # not even inside a function: the core stays usable without the teaching extras
    bad = []
    for name, path in MODULES.items():
        if layer(name) != 0:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            mods = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            bad += [f"{name}: {m}" for m in mods if m.split(".")[0] in {"matplotlib", "ipywidgets", "sklearn", "imblearn", "scipy"}]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("module", CHAPTER_MODULES)
def test_chapter_modules_import_first(module):
    # a chapter's module imported on its own, first (as the doctest collector may), works
    done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
