"""Execute each chapter once, for the tests and the book build alike, through the book's cache.

The book build (myst-nb, ``execute_notebooks: cache``) looks every chapter up in
``_build/.jupyter_cache`` by a hash of its code cells and executes only what it does not find.
This module executes a chapter exactly as myst-nb would (read with myst-nb's own reader,
executed by jupyter-cache's executor in the chapter's folder, in a kernel with the build's
environment) and stores it under the same key, so ``tests/test_notebooks.py`` (which executes
every chapter in a fresh kernel anyway) fills the cache and the build that follows executes
nothing; ``build.py`` uses it too, to execute the chapters it does not find two at a time.

The hash covers only the chapter's code cells, so a cached chapter also goes stale when the code
it runs changes: :func:`chapter_fingerprint` is a hash of the negedu files the chapter imports
(followed through negedu's own imports), of the pinned libraries and data and of this file, and
:func:`drop_stale_chapters` removes from the cache the chapters whose fingerprint changed since
they were stored. An explorer's rendered states are cached the same way, by
:func:`module_fingerprint` of its chapter's ``explorer`` module (``negedu.interactive._state_cache``).
"""

import ast
import contextlib
import datetime
import fcntl
import functools
import hashlib
import json
import os
import shutil
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "_build"
CACHE = BUILD / ".jupyter_cache"
EXPLORER_CACHE = BUILD / ".explorer_cache"
STAMPS = "negedu-fingerprints.json"  # chapter -> fingerprint, inside the cache folder

# The kernels' environment, the same in the tests and in the build. No MPLBACKEND: the kernels
# must keep their inline backend, or figures vanish from the pages. The explorers render every
# state (the page's static HTML), cached by content in EXPLORER_CACHE.
KERNEL_ENV = {"NEGEDU_EXPLORER_HTML": "always", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
              "NEGEDU_EXPLORER_CACHE": str(EXPLORER_CACHE)}
KERNEL_ENV_UNSET = ("MPLBACKEND",)
# What decides a cached chapter's outputs besides negedu: the pinned libraries (requirements.txt,
# and the Makefile's pinned data wheel, the KEEL data sets) and how the kernels are started (this file).
EXECUTION_FILES = (ROOT / "requirements.txt", ROOT / "Makefile", Path(__file__).resolve())
# Calls that import modules by a computed name: code that makes one may run any of negedu.
DYNAMIC_IMPORTS = ("import_module", "__import__", "reload", "iter_modules", "walk_packages", "registered_explorers")
EXPLORER_REGISTRY = ROOT / "negedu" / "interactive" / "_explorer.py"


def chapters():
    """The book's chapters: the pages of book/ that are notebooks (a kernelspec in the front matter)."""
    return sorted(p for p in (ROOT / "book").glob("*.md") if "kernelspec:" in p.read_text().split("\n---", 1)[0])


def kernel_env(base):
    """``base`` (an environment mapping) with the kernels' variables set and unset."""
    env = {k: v for k, v in base.items() if k not in KERNEL_ENV_UNSET}
    env.update(KERNEL_ENV)
    # The kernels run in book/, so they would import whichever negedu the venv's editable install
    # points at (another checkout, when several share one venv): this checkout's comes first.
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + [p for p in base.get("PYTHONPATH", "").split(os.pathsep) if p])
    return env


@contextlib.contextmanager
def cache_lock():
    """Hold the lock every writer of the cache takes (the tests' workers, build.py's own workers)."""
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    with open(CACHE.parent / ".jupyter_cache.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


# ------------------------------------------------------------------ what a chapter depends on
def _module_file(name):
    """The file of the negedu module ``name`` (its ``__init__.py`` for a package), or None."""
    path = ROOT.joinpath(*name.split("."))
    for candidate in (path / "__init__.py", path.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _imported_names(tree, package):
    """Every module name an AST imports, anywhere in it (inside functions too): for
    ``from a import b`` both ``a`` and ``a.b`` (``b`` may be a submodule)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolved against the importing package
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def negedu_files(modules):
    """The negedu files that importing ``modules`` runs: each module, the packages above it,
    everything they import in turn, and the data files (``.js``, ``.css``) of their packages."""
    files, todo = set(), list(modules)
    while todo:
        name = todo.pop()
        if not name.startswith("negedu"):
            continue
        parts = name.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))  # the packages above it
        path = _module_file(name)
        if path is None or path in files:
            continue
        files.add(path)
        files.update(p for p in path.parent.iterdir() if p.suffix in {".js", ".css"})
        todo.extend(_module_imports(path, name))
    # A module that imports by a computed name may run any of negedu. The explorers' registry
    # imports only the chapter named in get_explorer("<slug>/<name>"), which the caller adds.
    if any(_imports_by_name(ast.parse(path.read_text())) for path in files - {EXPLORER_REGISTRY} if path.suffix == ".py"):
        files |= all_negedu_files()
    return files


def _imports_by_name(tree):
    """Whether code imports modules by a computed name (importlib, pkgutil, __import__, ...)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in DYNAMIC_IMPORTS:
                return True
    return False


def all_negedu_files():
    return {p for p in (ROOT / "negedu").rglob("*") if p.suffix in {".py", ".js", ".css"}}


@functools.lru_cache(maxsize=None)
def _module_imports(path, name):
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    return tuple(_imported_names(ast.parse(path.read_text()), package))


def chapter_dependencies(chapter):
    """The files a chapter's outputs depend on besides its own code cells."""
    code = "\n".join(cell.source for cell in read_chapter(chapter).cells if cell.cell_type == "code")
    # Cell magics and shell escapes are not Python: drop those lines before parsing.
    tree = ast.parse("\n".join(line for line in code.splitlines() if not line.lstrip().startswith(("%", "!"))))
    if _imports_by_name(tree):
        files = all_negedu_files()
    else:
        modules = set(_imported_names(tree, ""))
        # get_explorer("<slug>/<name>") imports that chapter's explorer module.
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "/" in node.value:
                modules.add(explorer_module(node.value))
        files = negedu_files(modules)
    return sorted(files) + list(EXECUTION_FILES)


def explorer_module(name):
    """The module that registers the explorer ``"<chapter-slug>/<name>"``: the chapter's ``explorer.py``."""
    return "negedu.chapters." + name.split("/", 1)[0].replace("-", "_") + ".explorer"


def fingerprint(files):
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


#: Data files a chapter reads besides negedu's code: its outputs change when they do.
CHAPTER_DATA = {
    "evidence.md": ["benchmarks/evidence_results/evidence.csv.gz", "benchmarks/evidence_results/evidence.json"],
    "focal-loss.md": ["negedu/chapters/focal_loss/runs.json"],
    "contrastive-negatives.md": ["negedu/chapters/contrastive_negatives/runs.json"],
}
#: Chapters executed afresh once a day even when nothing changed: they re-check a different
#: random sample of their committed results each day (the sample is seeded by the date).
DAILY = {"evidence.md"}


def chapter_fingerprint(chapter):
    data = [ROOT / name for name in CHAPTER_DATA.get(Path(chapter).name, []) if (ROOT / name).exists()]
    digest = fingerprint(chapter_dependencies(chapter) + data)
    if Path(chapter).name in DAILY:
        digest = hashlib.sha256((digest + datetime.date.today().isoformat()).encode()).hexdigest()
    return digest


def module_fingerprint(module):
    """Fingerprint of a negedu module and all it imports (the explorers' state cache key)."""
    return fingerprint(sorted(negedu_files([module])) + list(EXECUTION_FILES))


def drop_stale_chapters():
    """Remove from the cache every chapter whose fingerprint changed since it was stored, and
    the same for the explorers' states; return the chapters that were cached with older code.
    Call with cache_lock held."""
    from jupyter_cache import get_cache

    stamps_file = CACHE / STAMPS
    old = json.loads(stamps_file.read_text()) if stamps_file.exists() else {}
    new = {str(c.relative_to(ROOT)): chapter_fingerprint(c) for c in chapters()}
    stale_chapters = [c for c, f in new.items() if old.get(c) != f]
    stale = {ROOT / c for c in stale_chapters}
    cache = get_cache(CACHE)
    for record in cache.list_cache_records():
        if Path(record.uri).resolve() in stale:
            cache.remove_cache(record.pk)
    stamps_file.write_text(json.dumps(new, indent=1))
    drop_stale_explorers()
    return sorted(Path(c) for c in stale_chapters if c in old)


def drop_stale_explorers():
    """Write each explorer module's fingerprint, where the kernels' explorer cache reads it, and
    remove the states rendered by older code (one folder per module and fingerprint)."""
    explorers = sorted((ROOT / "negedu" / "chapters").glob("*/explorer.py"))
    modules = [".".join(p.relative_to(ROOT).with_suffix("").parts) for p in explorers]
    current = {module: module_fingerprint(module) for module in modules}
    EXPLORER_CACHE.mkdir(parents=True, exist_ok=True)
    for folder in EXPLORER_CACHE.glob("*/*"):
        if folder.is_dir() and current.get(folder.parent.name) != folder.name:
            shutil.rmtree(folder)
    (EXPLORER_CACHE / "fingerprints.json").write_text(json.dumps(current, indent=1))


# ------------------------------------------------------------------ reading, executing, storing
def book_config():
    import yaml

    return yaml.safe_load((ROOT / "_config.yml").read_text())


def read_chapter(chapter):
    """The chapter as myst-nb reads it for the build (so its cache key is the build's)."""
    from myst_nb.core.read import read_myst_markdown_notebook
    from myst_parser.config.main import MdParserConfig

    extensions = book_config().get("parse", {}).get("myst_enable_extensions", [])
    return read_myst_markdown_notebook(Path(chapter).read_text(), config=MdParserConfig(enable_extensions=set(extensions)),
                                       add_source_map=True, path=str(chapter))


def is_cached(chapter):
    from jupyter_cache import get_cache

    try:
        get_cache(CACHE).match_cache_notebook(read_chapter(chapter))
    except KeyError:
        return False
    return True


def execute(chapter):
    """Execute a chapter in a fresh kernel as the build does; return (notebook, result), where
    ``result.err`` is the CellExecutionError of the cell that raised, or None."""
    from jupyter_cache.executors.utils import single_nb_execution

    config = book_config()["execute"]
    notebook = read_chapter(chapter)
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(kernel_env(saved))  # the kernel inherits this process's environment
    try:
        # (the kernel's own log stops at errors: its one warning, on every start, says that a
        # kernel on this machine talks to its client over local TCP without encryption)
        result = single_nb_execution(notebook, cwd=str(Path(chapter).parent), timeout=config.get("timeout"),
                                     allow_errors=config.get("allow_errors", False), meta_override=True,
                                     extra_arguments=["--IPKernelApp.log_level=ERROR"])
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return notebook, result


def store(chapter, notebook, seconds):
    """Put an executed chapter into the cache, where the next build finds it."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    with cache_lock():
        get_cache(CACHE).cache_notebook_bundle(
            CacheBundleIn(notebook, str(chapter), data={"execution_seconds": seconds}),
            check_validity=False, overwrite=True)


def execute_and_store(chapter):
    """Execute a chapter and cache it if it ran through; return (chapter, seconds, error text or None)."""
    start = time.time()
    notebook, result = execute(chapter)
    if result.err is None:
        store(chapter, notebook, result.time)
    return chapter, time.time() - start, None if result.err is None else str(result.err)
