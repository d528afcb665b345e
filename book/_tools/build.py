"""Build the website: `python book/_tools/build.py` (what `make book` runs).

1. Copies MathJax (installed by pip with sphinx-mathjax-offline) into book/_assets/mathjax,
   so the site typesets math without any network.
2. Drops from the execution cache the chapters whose negedu code changed (a chapter's
   cached outputs depend on the negedu modules it imports, not only on its own code cells;
   see chapter_cache.py), then executes the chapters not in the cache, two at a time, into it.
3. Runs `jupyter-book build . -W -n --keep-going` on a clean _build/html (so every
   warning is reported on every build): it finds every chapter that ran in the cache.
4. On failure, names each failing chapter and the cell that raised, and the warnings.
   On success, prints the path of index.html.

Options: --students builds a site without solutions into _build/students (see the
"For instructors" page); --no-clean keeps _build/html (faster, but may hide warnings).
"""

import argparse
import concurrent.futures
import fcntl
import importlib.metadata
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import chapter_cache

ROOT = Path(__file__).resolve().parents[2]
MATHJAX_DEST = ROOT / "book" / "_assets" / "mathjax"
# The parts of MathJax 3 that tex-mml-chtml.js loads: the combined component, the TeX/MathML
# extensions it may load on demand, the CommonHTML fonts, and the menu/accessibility modules.
MATHJAX_PARTS = ["tex-mml-chtml.js", "input/tex", "input/mml", "output/chtml", "a11y", "ui", "adaptors"]


def fail(message):
    print(f"\nmake book: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def install_mathjax():
    if (MATHJAX_DEST / "tex-mml-chtml.js").exists():
        return
    try:
        files = importlib.metadata.files("sphinx-mathjax-offline") or []
    except importlib.metadata.PackageNotFoundError:
        fail("the package sphinx-mathjax-offline (MathJax for offline math) is not installed; run `make book`, which installs requirements.txt.")
    entry = next((f for f in files if str(f).endswith("static/mathjax/tex-mml-chtml.js")), None)
    if entry is None:
        fail("sphinx-mathjax-offline is installed but has no static/mathjax/tex-mml-chtml.js.")
    source = Path(entry.locate()).parent
    MATHJAX_DEST.mkdir(parents=True, exist_ok=True)
    for part in MATHJAX_PARTS:
        src = source / part
        if src.is_dir():
            shutil.copytree(src, MATHJAX_DEST / part, dirs_exist_ok=True)
        elif src.exists():
            shutil.copy2(src, MATHJAX_DEST / part)
    print(f"MathJax copied from {source} into {MATHJAX_DEST.relative_to(ROOT)}")


def execute_missing_chapters(processes):
    """Execute the chapters the cache lacks, ``processes`` at a time, into the cache.

    A chapter that fails is left out of the cache: jupyter-book executes it again and
    reports it (report_failures names the cell). Returns how many chapters ran."""
    missing = [c for c in chapter_cache.chapters() if not chapter_cache.is_cached(c)]
    if not missing:
        return 0
    print(f"Executing {len(missing)} chapter(s) not in the cache, {processes} at a time", flush=True)
    # Processes left over (one chapter changed, two CPUs) render that chapter's explorer states.
    os.environ["NEGEDU_EXPLORER_PROCESSES"] = str(max(1, processes // len(missing)))
    with concurrent.futures.ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn")) as pool:
        for chapter, seconds, error in pool.map(chapter_cache.execute_and_store, missing):
            status = "failed (jupyter-book will run it again and report the cell)" if error else "done"
            print(f"  {chapter.relative_to(ROOT)}: {status}, {seconds:.0f} s", flush=True)
    return len(missing)


def report_failures(build_dir, output):
    reports = sorted((build_dir / "html" / "reports").rglob("*.err.log")) if (build_dir / "html" / "reports").exists() else []
    for log in reports:
        chapter = log.relative_to(build_dir / "html" / "reports").with_suffix("").with_suffix(".md")
        text = log.read_text(errors="replace")
        cell = _failing_cell(ROOT / chapter, text)
        last = [line for line in text.strip().splitlines() if line.strip()][-1:]
        print(f"\n  chapter {chapter}: {cell} raised: {last[0] if last else '(see log)'}\n  full traceback: {log}", file=sys.stderr)
    warnings = [line for line in output.splitlines() if "WARNING" in line and "IPKernelApp" not in line]
    if warnings:
        print("\n  warnings (each one fails the build, -W):", file=sys.stderr)
        for line in warnings[:50]:
            print("   ", line, file=sys.stderr)


def _failing_cell(chapter, log_text):
    """Find which code cell of the chapter raised, from the source quoted in the error log."""
    match = re.search(r"following cell:\n-+\n(.*?)\n-+\n", log_text, re.S)
    if not match or not chapter.exists():
        return "a cell"
    failing = match.group(1).strip()
    cells = re.split(r"^```\{code-cell\}[^\n]*\n", chapter.read_text(), flags=re.M)[1:]
    line_starts = [m.start() for m in re.finditer(r"^```\{code-cell\}", chapter.read_text(), flags=re.M)]
    for number, (cell, start) in enumerate(zip(cells, line_starts), 1):
        body = cell.split("\n```", 1)[0]
        body = re.sub(r"^(---\n.*?\n---\n|:[^\n]*\n)*", "", body, flags=re.S).strip()
        if body and (body in failing or failing in body):
            line = chapter.read_text()[:start].count("\n") + 1
            return f"code cell {number} (line {line})"
    return "a cell"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", action="store_true", help="build a site without solutions into _build/students")
    parser.add_argument("--no-clean", action="store_true", help="keep _build/html from the previous build")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1,
                        help="chapters executed at a time (default: the number of CPUs)")
    args = parser.parse_args()

    build_dir = ROOT / "_build"
    build_dir.mkdir(exist_ok=True)
    # One build at a time in this folder: a second `make book` waits for the first.
    lock = open(build_dir / ".build-lock", "w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    install_mathjax()
    (build_dir / ".negedu-fingerprint").unlink(missing_ok=True)  # the stamp of all negedu, before chapter_cache.py
    with chapter_cache.cache_lock():
        stale = chapter_cache.drop_stale_chapters()
    if stale:
        print(f"The code of {len(stale)} chapter(s) changed since they were cached: they run again.")
    execute_missing_chapters(args.processes)
    jb = Path(sys.executable).parent / "jupyter-book"
    command = [str(jb), "build", str(ROOT), "-W", "-n", "--keep-going"]
    html_dir = build_dir / "html"
    env = chapter_cache.kernel_env(os.environ)  # a chapter the cache still lacks runs as in the tests
    if args.students:
        # The config's relative paths are resolved from its own folder, so the copy sits
        # beside _config.yml; it shares the main build's execution cache.
        config = ROOT / "_config.students.yml"
        text = (ROOT / "_config.yml").read_text()
        if "negedu_hide_solutions: false" not in text:
            fail("_config.yml has no 'negedu_hide_solutions: false' line to switch.")
        text = text.replace("negedu_hide_solutions: false", "negedu_hide_solutions: true")
        text = text.replace("  execute_notebooks: cache\n", f"  execute_notebooks: cache\n  cache: {build_dir / '.jupyter_cache'}\n")
        config.write_text(text)
        out = build_dir / "students"
        command += ["--config", str(config), "--path-output", str(out)]
        html_dir = out / "_build" / "html"
        shutil.rmtree(out / "_build", ignore_errors=True)
    elif not args.no_clean and html_dir.exists():
        shutil.rmtree(html_dir)
    if not args.no_clean:
        # Sphinx re-reads (and re-reports the warnings of) only documents whose doctree is
        # missing or stale: start from none. Executed outputs still come from the cache.
        shutil.rmtree(build_dir / ".doctrees", ignore_errors=True)
        shutil.rmtree(build_dir / "jupyter_execute", ignore_errors=True)

    start = time.time()
    print("$", " ".join(command), flush=True)
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    for line in proc.stdout:
        sys.stdout.write(line)
        lines.append(line)
    proc.wait()
    if args.students:
        (ROOT / "_config.students.yml").unlink(missing_ok=True)
    output = "".join(lines)
    elapsed = time.time() - start
    if proc.returncode != 0:
        report_failures(html_dir.parent, output)
        fail(f"jupyter-book exited with {proc.returncode} after {elapsed:.0f} s (see the chapters and warnings above).")
    print(f"\nThe book is built ({elapsed:.0f} s): {html_dir / 'index.html'}")
    if args.students:
        print(f"This is the students' site (no solutions, none in its downloads either), in {html_dir.relative_to(ROOT)}.")
        print("Serve it with `make serve-students`, then open http://127.0.0.1:8000")
    else:
        print("Serve it with `make serve`, then open http://127.0.0.1:8000")


if __name__ == "__main__":
    main()
