"""Grade a class's notebooks: ``python -m negedu.exercises.grade submissions/*.ipynb --csv grades.csv``.

The grader trusts nothing a notebook prints. Each submission runs in a fresh kernel, cell by
cell, and in place of every check cell the grader runs the chapter's own check (the one in the
pristine students' notebook, ``notebooks/students/<chapter>.ipynb``) and records, inside the
kernel, the :class:`~negedu.exercises.Feedback` it returns (status, exercise, message) into a
file, one line per check as it runs. So:

* a line "✅ Correct" that a student prints, or a check cell they edited or deleted, changes
  nothing: the pristine check is run on their answer, and an edited or deleted check cell is
  reported (column ``flags``);
* when a cell raises, the error is reported at that cell, for the exercise it belongs to (a
  SyntaxError in an answer is reported as a SyntaxError in that answer cell, not as the
  NameError the check would then meet);
* when the kernel dies (``os._exit``, out of memory) or a cell runs past ``--timeout`` (it is
  interrupted), the checks recorded so far are kept; the ones that could not run say why;
* the student's name is ``MY_NAME`` as the kernel holds it after the set-up cell.

The CSV has one row per notebook: ``student``, ``notebook``, ``chapter``, ``correct`` (checks
passed), ``checks`` (checks in the chapter), then one column per exercise, ``<chapter> <n>``,
holding ``correct``, ``incorrect``, ``unanswered``, ``error`` (the answer or its check raised)
or ``not run`` (the kernel died or the notebook could not be read), and last ``flags`` (edited
or deleted check cells, a dead kernel, ...) and ``messages`` (the hint of every check that is
not correct). The same is summed up on stdout, one paragraph per notebook.
"""

import argparse
import csv
import json
import re
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["grade_notebook", "grade_class", "write_csv", "main"]

STATUSES = ("correct", "incorrect", "unanswered", "error", "not run")
#: Where the pristine students' notebooks live in the repository.
PRISTINE = Path(__file__).resolve().parents[2] / "notebooks" / "students"

_CHECK_CELL = re.compile(r"^\s*\w+\.check_\w+\(.*\)\s*$", re.S)
_CHECK_NAME = re.compile(r"\.(check_\w+)\(")
_EXERCISE = re.compile(r"^### Exercise (\d+)", re.M)

_CHECKS_IMPORT = re.compile(r"^from (negedu\.chapters\.\w+) import checks(?: as (\w+))?\s*$", re.M)

# Defined in the kernel again before each check (so that a student's cell cannot replace it): a
# check runs through _negedu_grader_check, which appends what the check returned to the results
# file at once, so a kernel that dies later loses nothing. The chapter's checks module is
# reloaded for each check, so that an answer cell that rebinds a check cannot pass it.
_RECORDER = r'''
def _negedu_grader_check(source, number, path={path!r}, modules={modules!r}):
    import ast as _ast, importlib as _importlib, json as _json
    from negedu.exercises import Feedback as _Feedback
    tree = _ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], _ast.Expr) else None
    record = {{"check": number}}
    try:
        namespace = dict(globals())
        for alias, module in modules.items():
            namespace[alias] = _importlib.reload(_importlib.import_module(module))
        exec(compile(tree, "<check>", "exec"), namespace)
        value = eval(compile(_ast.Expression(last.value), "<check>", "eval"), namespace) if last else None
    except Exception as exc:
        record.update(status="error", message=f"the check raised {{type(exc).__name__}}: {{exc}}")
    else:
        if type(value) is _Feedback:
            record.update(status=value.status, exercise=value.exercise, message=value.message)
        else:
            record.update(status="error", message=f"the check returned {{type(value).__name__}}, not its feedback")
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(_json.dumps(record) + "\n")

def _negedu_grader_name(path={path!r}):
    import json as _json
    name = globals().get("MY_NAME")
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(_json.dumps({{"name": name if isinstance(name, str) else None}}) + "\n")
'''


def _check_modules(pristine):
    """``{name: module}`` for each chapter's checks module the pristine set-up cell imports."""
    setup = next((cell.source for cell in pristine.cells if cell.cell_type == "code"), "")
    return {alias or "checks": module + ".checks" for module, alias in _CHECKS_IMPORT.findall(setup)}


def _is_check(cell):
    return cell.cell_type == "code" and bool(_CHECK_CELL.match(cell.source))


def _chapter_checks(pristine):
    """The check cells of a pristine notebook: ``[(exercise number, source)]``, in order."""
    checks, exercise = [], 0
    for cell in pristine.cells:
        if cell.cell_type == "markdown":
            numbers = _EXERCISE.findall(cell.source)
            exercise = int(numbers[-1]) if numbers else exercise
        elif _is_check(cell):
            checks.append((exercise, cell.source.strip()))
    return checks


def _labels(slug, checks):
    """Column names, ``<chapter> <n>``; an exercise with several checks gets ``<n>a``, ``<n>b``..."""
    numbers = [number for number, _ in checks]
    labels = []
    for index, number in enumerate(numbers):
        if numbers.count(number) > 1:
            labels.append(f"{slug} {number}{'abcdefghij'[numbers[:index].count(number)]}")
        else:
            labels.append(f"{slug} {number}")
    return labels


def _match_checks(cells, checks):
    """Where each pristine check stands in the submission.

    Returns ``(places, flags)``: ``places[k]`` is the index of the submission's cell that holds
    check ``k`` (same source, or edited: a check cell calling the same check), or None when the
    check cell was deleted; ``flags[k]`` is "", "edited" or "deleted".
    """
    places, flags, used, start = [], [], set(), 0
    for _, source in checks:
        found = next((i for i in range(start, len(cells)) if cells[i].cell_type == "code" and cells[i].source.strip() == source), None)
        flag = ""
        if found is None:
            name = _CHECK_NAME.search(source).group(1)
            found = next((i for i in range(start, len(cells)) if cells[i].cell_type == "code" and i not in used
                          and re.search(rf"\b{name}\b", cells[i].source)), None)
            flag = "deleted" if found is None else "edited"
        if found is not None:
            used.add(found)
            start = found + 1
        places.append(found)
        flags.append(flag)
    return places, flags


def _error_of(cell):
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return output.get("ename", "Error"), output.get("evalue", "")
    return None


def _plan(cells, checks, places):
    """The cells to run, in order: ``(kind, payload)`` with kind "cell" (the submission's cell
    index), "check" (the check's index), or "name" (record MY_NAME)."""
    plan = []
    at = {place: k for k, place in enumerate(places) if place is not None}
    deleted = [k for k, place in enumerate(places) if place is None]
    first_code = next((i for i, c in enumerate(cells) if c.cell_type == "code"), None)
    for index, cell in enumerate(cells):
        if cell.cell_type == "markdown":
            # A deleted check runs before the next exercise's question (or at the end).
            numbers = [int(n) for n in _EXERCISE.findall(cell.source)]
            for k in [k for k in deleted if numbers and checks[k][0] < numbers[0]]:
                plan.append(("check", k))
                deleted.remove(k)
            continue
        if cell.cell_type != "code":
            continue
        if index in at:
            plan.append(("check", at[index]))
        elif not _is_check(cell):  # a stray check cell of the student's own is not run
            plan.append(("cell", index))
        if index == first_code:
            plan.append(("name", None))
    plan += [("check", k) for k in deleted]
    plan.append(("name", None))
    return plan


def grade_notebook(path, *, timeout=300, pristine_dir=None):
    """Run one submission with the chapter's own checks and return its grades.

    Returns a dict: ``path``, ``student`` (``MY_NAME``, or None), ``chapter``, ``exercises``
    (``[{"label", "status", "message", "flag"}]``, one per check of the chapter, in order),
    ``counts`` (checks per status), ``flags`` and ``messages`` (what is not correct, as text).
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    path = Path(path)
    result = {"path": str(path), "student": None, "chapter": None, "exercises": [], "flags": [], "messages": [],
              "counts": dict.fromkeys(STATUSES, 0)}
    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception as exc:
        result["flags"].append(f"the notebook could not be read: {exc}")
        return result
    chapter = notebook.metadata.get("negedu", {}).get("chapter", "")
    slug = Path(chapter).stem if chapter else path.stem
    pristine_path = Path(pristine_dir or PRISTINE) / f"{slug}.ipynb"
    if not pristine_path.exists():
        result["flags"].append(f"no pristine notebook {pristine_path} to take the checks from "
                               "(is this a students' notebook of The Negative Class?)")
        return result
    result["chapter"] = slug
    pristine = nbformat.read(pristine_path, as_version=4)
    checks = _chapter_checks(pristine)
    labels = _labels(slug, checks)
    places, check_flags = _match_checks(notebook.cells, checks)
    plan = _plan(notebook.cells, checks, places)

    with tempfile.TemporaryDirectory(prefix="negedu-grade-") as tmp:
        record_file = Path(tmp) / "results.jsonl"
        record_file.touch()
        run = nbformat.v4.new_notebook(metadata=notebook.metadata)
        recorder = _RECORDER.format(path=str(record_file), modules=_check_modules(pristine))
        run.cells = [nbformat.v4.new_code_cell(recorder)]
        for kind, payload in plan:
            if kind == "cell":
                run.cells.append(nbformat.v4.new_code_cell(notebook.cells[payload].source))
            elif kind == "check":
                run.cells.append(nbformat.v4.new_code_cell(f"{recorder}\n_negedu_grader_check({checks[payload][1]!r}, {payload})"))
            else:
                run.cells.append(nbformat.v4.new_code_cell(f"{recorder}\n_negedu_grader_name()"))
        # (the kernel logs errors only: its warning that a local kernel talks over unencrypted TCP
        # would otherwise be printed once per student)
        client = NotebookClient(run, timeout=timeout, kernel_name="python3", allow_errors=True, interrupt_on_timeout=True,
                                resources={"metadata": {"path": str(path.parent.resolve())}},
                                extra_arguments=["--IPKernelApp.log_level=ERROR"])
        stopped = None  # (step of the plan, why the run stopped there)
        timed_out = set()
        try:
            with client.setup_kernel():
                for step in range(len(run.cells)):
                    began = time.monotonic()
                    try:
                        client.execute_cell(run.cells[step], step)
                    except DeadKernelError:
                        stopped = (step - 1, "the kernel died")
                        break
                    if time.monotonic() - began >= timeout:
                        timed_out.add(step - 1)
        except Exception as exc:  # a kernel that does not start, or fails while shutting down
            if stopped is None:
                stopped = (None, f"the kernel stopped ({type(exc).__name__}: {exc})")
        records = [json.loads(line) for line in record_file.read_text(encoding="utf-8").splitlines() if line.strip()]

    def cell_name(index):
        first = next((line.strip() for line in notebook.cells[index].source.splitlines() if line.strip()), "")
        return f"cell {index + 1} (`{first[:40]}{'...' if len(first) > 40 else ''}`)"

    def where(step):
        if step is None or step < 0 or plan[step][0] != "cell":
            return ""
        return f" in {cell_name(plan[step][1])}"

    # An error in one of the submission's own cells is reported for the next check that runs,
    # the check of the exercise that cell answers, in place of what that check then says.
    cell_errors, pending = {}, []
    for step, (kind, payload) in enumerate(plan):
        if kind == "cell":
            error = _error_of(run.cells[step + 1])
            if step in timed_out:
                pending.append(f"{cell_name(payload)} did not finish within {timeout} s and was stopped")
            elif error is not None:
                pending.append(f"{cell_name(payload)} raised {error[0]}: {error[1]}")
        elif kind == "check" and pending:
            cell_errors[payload], pending = pending, []
    names = [r["name"] for r in records if r.get("name")]
    result["student"] = names[-1] if names else None
    by_check = {r["check"]: r for r in records if "check" in r}
    for k, label in enumerate(labels):
        record = by_check.get(k)
        flag = {"edited": "check cell edited", "deleted": "check cell deleted (or replaced)"}.get(check_flags[k], "")
        if k in cell_errors:
            status, message = "error", "; ".join(cell_errors[k])
        elif record is not None:
            status, message = record["status"], record.get("message", "")
        else:
            status = "not run"
            message = f"{stopped[1]}{where(stopped[0])} before this check ran" if stopped else "the check did not run"
        result["exercises"].append({"label": label, "status": status, "message": message, "flag": flag})
        result["counts"][status] += 1
        if flag:
            result["flags"].append(f"{label}: {flag} (the chapter's own check was run instead)")
        if status != "correct":
            result["messages"].append(f"{label}: {status}: {message}")
    if stopped:
        result["flags"].append(f"{stopped[1]}{where(stopped[0])}; the checks recorded before are kept")
    return result


def grade_class(paths, *, timeout=300, pristine_dir=None):
    """Grade several notebooks (see :func:`grade_notebook`); a list of results, in order."""
    return [grade_notebook(path, timeout=timeout, pristine_dir=pristine_dir) for path in paths]


def write_csv(results, target):
    """Write the grades as a CSV: one row per notebook, one column per exercise (module docstring)."""
    columns = []
    for result in results:
        for exercise in result["exercises"]:
            if exercise["label"] not in columns:
                columns.append(exercise["label"])
    with Path(target).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "notebook", "chapter", "correct", "checks", *columns, "flags", "messages"])
        for result in results:
            statuses = {e["label"]: e["status"] for e in result["exercises"]}
            writer.writerow([result["student"] or "", result["path"], result["chapter"] or "",
                             result["counts"]["correct"], len(result["exercises"]),
                             *[statuses.get(column, "") for column in columns],
                             " | ".join(result["flags"]), " | ".join(result["messages"])])


def summary(result):
    """A few lines for a person: who, how many checks passed, and what to look at."""
    who = result["student"] or "(no MY_NAME)"
    lines = [f"{who} — {result['path']} ({result['chapter'] or 'unknown chapter'}): "
             f"{result['counts']['correct']}/{len(result['exercises'])} correct"]
    lines += [f"    ! {flag}" for flag in result["flags"]]
    lines += [f"    - {message}" for message in result["messages"]]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--csv", type=Path, help="also write the grades to this CSV file")
    parser.add_argument("--timeout", type=int, default=300, help="seconds a cell may run before it is stopped (default 300)")
    parser.add_argument("--pristine", type=Path, default=None,
                        help=f"folder of the pristine students' notebooks the checks are taken from (default {PRISTINE})")
    args = parser.parse_args(argv)
    results = grade_class(args.notebooks, timeout=args.timeout, pristine_dir=args.pristine)
    for result in results:
        print(summary(result))
    if args.csv:
        write_csv(results, args.csv)
        print(f"\nGrades of {len(results)} notebook(s) written to {args.csv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
