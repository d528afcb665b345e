"""An explorer's rendered states, cached on disk by what decides them, for the book build.

Rendering every state of an explorer (one matplotlib figure each) is most of what its
chapter costs to build. When ``NEGEDU_EXPLORER_CACHE`` names a folder (the book build and the
chapter tests set it: ``book/_tools/chapter_cache.py``), each rendered state is kept there under

* the fingerprint of the explorer's module and of every negedu file it imports, which the
  build writes into ``fingerprints.json`` in that folder (a folder per fingerprint, so a
  changed explorer starts empty), and
* the explorer's name, the state's parameter values and the kernel's matplotlib settings;

so an unchanged explorer costs nothing on the next build, and the states still missing are
rendered ``NEGEDU_EXPLORER_PROCESSES`` at a time (default 1). Without the variable, or for
an explorer that its registered factory did not make (nothing vouches for its code), every
state is rendered as before.
"""

import concurrent.futures
import functools
import hashlib
import json
import multiprocessing
import os
import pickle
import tempfile
from pathlib import Path


def render_states(explorer, states, factory, *, dpi):
    """``explorer.render_figures(values, dpi=dpi)`` for every ``values`` in ``states``, from the cache when it can.

    ``factory`` is the function registered under the explorer's name (None if there is none):
    the cache trusts the explorer's code to be its module's when its functions come from there.
    """
    folder = _cache_folder(explorer, factory)
    if folder is None:
        return [explorer.render_figures(values, dpi=dpi) for values in states]
    settings = _matplotlib_settings()
    paths = [folder / f"{_key(explorer.name, values, settings, dpi)}.pickle" for values in states]
    rendered = [_load(path) for path in paths]
    missing = [i for i, result in enumerate(rendered) if result is None]
    for i, result in zip(missing, _render(explorer, factory, [states[i] for i in missing], settings, dpi)):
        rendered[i] = result
        _save(paths[i], result)
    return rendered


def _cache_folder(explorer, factory):
    root = os.environ.get("NEGEDU_EXPLORER_CACHE")
    if not root or factory is None:
        return None
    module = factory.__module__
    if any(getattr(f, "__module__", None) != module for f in (explorer.numbers, explorer.draw, explorer.describe)):
        return None
    try:
        code = json.loads((Path(root) / "fingerprints.json").read_text())[module]
    except (OSError, ValueError, KeyError):
        return None
    return Path(root) / module / code


def _matplotlib_settings():
    """The kernel's matplotlib settings (a chapter may change them before it shows an explorer)."""
    import matplotlib

    return {k: v for k, v in matplotlib.rcParams.items() if k != "backend"}


def _key(name, values, settings, dpi):
    text = repr((name, sorted(values.items()), sorted(settings.items()), dpi))
    return hashlib.sha256(text.encode()).hexdigest()


def _load(path):
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError):
        return None


def _save(path, result):
    """Write atomically: two processes may render the same explorer at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as tmp:
        tmp.write(pickle.dumps(result))
    os.replace(tmp.name, path)


def _render(explorer, factory, states, settings, dpi):
    processes = min(int(os.environ.get("NEGEDU_EXPLORER_PROCESSES", "1")), len(states))
    if processes <= 1:
        return [explorer.render_figures(values, dpi=dpi) for values in states]
    # Fresh interpreters (a kernel has threads: no fork), each building the explorer once.
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(processes, mp_context=context, initializer=_start_worker,
                                                initargs=(settings,)) as pool:
        return list(pool.map(_render_in_worker, [factory] * len(states), states, [dpi] * len(states)))


def _start_worker(settings):
    import matplotlib

    matplotlib.use("agg")
    matplotlib.rcParams.update(settings)


@functools.lru_cache(maxsize=None)
def _worker_explorer(factory):
    return factory()


def _render_in_worker(factory, values, dpi):
    return _worker_explorer(factory).render_figures(values, dpi=dpi)
