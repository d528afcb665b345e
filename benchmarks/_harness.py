"""Side-by-side timing for negedu against its references, in one process.

Machines here are shared and noisy, so absolute times mean little. We always time
the competitors *interleaved*, in an order reversed every round (A, B, floor, floor, B,
A, ...: whoever runs second on the same data finds it in cache), and report medians and
the ratio of medians, which is stable to about 10-20 %.

Usage from a benchmark script::

    from _harness import compare, print_table
    rows = [compare("roc_auc_score", ours=lambda: ..., reference=lambda: ..., floor=lambda: ...)]
    print_table(rows)
"""

import gc
import statistics
import time
import tracemalloc


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
    import os
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
