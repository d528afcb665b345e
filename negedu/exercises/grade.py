"""Run the checks of a class's notebooks: ``python -m negedu.exercises.grade submissions/*.ipynb``.

Each notebook is executed in a fresh kernel (errors do not stop the run), and the
output of every check cell is read back: a :class:`~negedu.exercises.Feedback` prints
a line that starts with its status icon. One line per notebook is printed, then the
message of every check that is not correct. ``--csv FILE`` writes a table as well.
"""

import argparse
import csv
import re
import sys
from pathlib import Path

__all__ = ["grade_notebook", "main"]

_STATUS = {"✅": "correct", "❌": "incorrect", "…": "unanswered", "⚠️": "error"}
_LINE = re.compile(r"^(✅|❌|…|⚠️) (.*)$")


def _feedback_lines(notebook):
    for cell in notebook.cells:
        if cell.cell_type != "code" or "check" not in cell.source:
            continue
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/plain", "") if "data" in output else output.get("text", "")
            for line in str(text).splitlines():
                match = _LINE.match(line.strip().strip("'\""))
                if match:
                    yield _STATUS[match.group(1)], match.group(2)
            if output.get("output_type") == "error":
                yield "crashed", f"{output.get('ename')}: {output.get('evalue')}"


def grade_notebook(path, *, timeout=300):
    """Execute one notebook and return ``{"path", "counts", "messages"}``."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(Path(path).parent)}})
    try:
        client.execute()
    except Exception as exc:  # a kernel that dies is a result too
        return {"path": str(path), "counts": {"crashed": 1}, "messages": [f"the notebook could not run: {exc}"]}
    counts = {"correct": 0, "incorrect": 0, "unanswered": 0, "error": 0, "crashed": 0}
    messages = []
    for status, message in _feedback_lines(notebook):
        counts[status] += 1
        if status != "correct":
            messages.append(message)
    return {"path": str(path), "counts": counts, "messages": messages}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--csv", type=Path, help="also write the results to this CSV file")
    parser.add_argument("--timeout", type=int, default=300, help="seconds allowed per cell")
    args = parser.parse_args(argv)
    results = [grade_notebook(path, timeout=args.timeout) for path in args.notebooks]
    for result in results:
        c = result["counts"]
        print(f"{result['path']}: {c.get('correct', 0)} correct, {c.get('incorrect', 0)} not yet, "
              f"{c.get('unanswered', 0)} unanswered, {c.get('error', 0)} raised, {c.get('crashed', 0)} crashed")
        for message in result["messages"]:
            print(f"    - {message}")
    if args.csv:
        with args.csv.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["notebook", "correct", "incorrect", "unanswered", "error", "crashed"])
            for result in results:
                c = result["counts"]
                writer.writerow([result["path"]] + [c.get(k, 0) for k in ("correct", "incorrect", "unanswered", "error", "crashed")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
