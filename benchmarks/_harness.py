"""Side-by-side timing for negedu against its references, in one process.

Machines here are shared and noisy, so absolute times mean little. We always time
the competitors *interleaved*, in an order reversed every round (A, B, floor, floor, B,
A, ...: whoever runs second on the same data finds it in cache), and report medians and
the ratio of medians, which is stable to about 10-20 %.

A student's laptop is rarely idle: a browser or a second notebook keeps a core busy, and code
that is fast on an idle machine can fall far behind there (OpenBLAS's threads, for one, wait on
each other when a core is taken). Every benchmark therefore takes ``--busy``, which keeps one
core loaded by a competing process for the whole measurement (:func:`busy_core`); report both
modes. Each table ends with the mode and the load average, since other users of a shared
machine load it too.

Usage from a benchmark script::

    from _harness import compare, parse_args, print_table
    args = parse_args(argparse.ArgumentParser())  # adds --busy, and starts the competitor if asked
    rows = [compare("roc_auc_score", ours=lambda: ..., reference=lambda: ..., floor=lambda: ...)]
    print_table(rows)
"""

import atexit
import contextlib
import gc
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

# Time the negedu of the checkout this file belongs to (a worktree's, say), not whichever the
# environment installed: a script's sys.path starts with its own folder, not the current one.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# The competing loads of --busy: the code of the child process, and what it stands for. Each
# runs on one core (one thread) until the benchmark ends, and stops by itself if its parent dies.
BUSY_LOADS = {
    "python": (
        "import os\n"
        "parent = os.getppid()\n"
        "print('ready', flush=True)\n"
        "while os.getppid() == parent:\n"
        "    for _ in range(100_000):\n"
        "        pass\n",
        "one core spinning a pure-Python loop in another process (a browser tab's script, a "
        "second notebook running Python code)",
    ),
    "matmul": (
        "import os\n"
        "import numpy as np\n"
        "a = np.random.default_rng(0).standard_normal((256, 256))\n"
        "parent = os.getppid()\n"
        "print('ready', flush=True)\n"
        "while os.getppid() == parent:\n"
        "    a @ a\n",
        "one core multiplying 256 x 256 float64 matrices with a one-thread BLAS in another process "
        "(a second notebook training a model)",
    ),
}
_machine = "idle (no competing process started)"


def parse_args(parser, argv=None):
    """Parse a benchmark's arguments plus ``--busy [{python,matmul}]`` (see :func:`busy_core`).

    With ``--busy`` the competing process starts now and runs until the benchmark exits.
    """
    parser.add_argument(
        "--busy",
        nargs="?",
        const="python",
        default=None,
        choices=sorted(BUSY_LOADS),
        help="keep one core loaded by a competing process during the whole measurement: 'python' "
        "(the default) spins a pure-Python loop, like a browser tab or a second notebook running "
        "Python; 'matmul' multiplies NumPy matrices on one thread, like a notebook training a model",
    )
    args = parser.parse_args(argv)
    load = contextlib.ExitStack()
    load.enter_context(busy_core(args.busy))
    atexit.register(load.close)
    return args


@contextlib.contextmanager
def busy_core(kind):
    """Keep one core busy with the competing load ``kind`` (a key of BUSY_LOADS) while the block runs.

    ``kind=None`` starts nothing. The competitor is started, and has signalled that it runs,
    before the block begins, and is stopped when the block ends (or the benchmark fails).
    """
    global _machine
    if kind is None:
        yield
        return
    code, description = BUSY_LOADS[kind]
    # one BLAS thread, so that the matmul load takes one core, not every core
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)
    try:
        if child.stdout.readline().strip() != "ready":
            raise RuntimeError(f"the --busy {kind} competitor did not start")
        previous, _machine = _machine, f"busy: {description}"
        try:
            yield
        finally:
            _machine = previous
    finally:
        child.kill()
        child.wait()


def _time_once(fn):
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def peak_memory(fn):
    """Peak extra memory (bytes) that ``fn`` allocates through Python/NumPy, via tracemalloc."""
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


def peak_memory_native(fn):
    """Peak heap memory (bytes) of ``fn``, every allocation counted, via memray.

    Unlike tracemalloc, memray also sees the memory that compiled code allocates itself:
    scikit-learn's neighbour-search buffers, OpenBLAS's per-call work space. It is an optional
    benchmark dependency (``pip install -r benchmarks/requirements.txt``).
    """
    import tempfile

    try:
        import memray
    except ImportError as error:
        raise SystemExit("--memory needs memray: pip install -r benchmarks/requirements.txt") from error
    gc.collect()
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "trace.bin")
        with memray.Tracker(path):
            fn()
        return memray.FileReader(path).metadata.peak_memory


def compare(name, *, ours, reference, floor=None, repeats=7, memory=False):
    """Time ``ours``, ``reference`` and an optional plain-NumPy ``floor`` interleaved.

    Returns a dict with the medians (seconds), the ratios ours/reference and
    ours/floor, and (with ``memory=True``) the peak extra memory of ours and reference.
    """
    contenders = {"ours": ours, "reference": reference}
    if floor is not None:
        contenders["floor"] = floor
    for fn in contenders.values():  # warm up caches and lazy imports
        fn()
    times = {key: [] for key in contenders}
    order = list(contenders)
    for _ in range(repeats):
        # reverse the order every round (A B, B A, ...): a run that follows another on the
        # same data finds it in cache and is measurably faster, so no contender may always go first
        for key in order:
            times[key].append(_time_once(contenders[key]))
        order.reverse()
    med = {key: statistics.median(values) for key, values in times.items()}
    row = {"name": name, **{f"{k}_s": v for k, v in med.items()}}
    row["ratio_reference"] = med["ours"] / med["reference"]
    if floor is not None:
        row["ratio_floor"] = med["ours"] / med["floor"]
    if memory:
        row["ours_peak_mib"] = peak_memory(ours) / 2**20
        row["reference_peak_mib"] = peak_memory(reference) / 2**20
    return row


def print_table(rows, title=""):
    """Print rows from :func:`compare` as a Markdown table (paste it into a closing note)."""
    if title:
        print(f"\n### {title}\n")
    has_floor = any("ratio_floor" in r for r in rows)
    has_mem = any("ours_peak_mib" in r for r in rows)
    head = ["function", "negedu ms", "reference ms", "ours/reference"]
    if has_floor:
        head += ["floor ms", "ours/floor"]
    if has_mem:
        head += ["ours peak MiB", "reference peak MiB"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows:
        cells = [r["name"], f"{r['ours_s'] * 1e3:.1f}", f"{r['reference_s'] * 1e3:.1f}", f"{r['ratio_reference']:.2f}"]
        if has_floor:
            cells += [f"{r.get('floor_s', float('nan')) * 1e3:.1f}", f"{r.get('ratio_floor', float('nan')):.2f}"]
        if has_mem:
            cells += [f"{r.get('ours_peak_mib', float('nan')):.1f}", f"{r.get('reference_peak_mib', float('nan')):.1f}"]
        print("| " + " | ".join(cells) + " |")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"\nMachine: {_machine}; load average (1, 5, 15 min) at the end: {load}.")
