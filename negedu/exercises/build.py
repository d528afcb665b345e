r"""Build the classroom notebooks from the chapters: ``python -m negedu.exercises.build book notebooks``.

One source, two outputs. A chapter's exercises are written once, at the end of the
chapter (``## Exercises``), with these conventions:

* ``{exercise}`` directives hold the questions;
* a code cell tagged ``exercise-setup`` holds the imports and data every exercise needs;
* a code cell tagged ``starter`` (and ``remove-cell``, so the book hides it) is what a
  student fills in, with ``...`` as placeholders;
* ``{solution-start}`` ... ``{solution-end}`` (sphinx-exercise's gated solutions) wrap the
  solution's prose and code cells;
* a code cell tagged ``check`` calls a check from :mod:`negedu.exercises` and runs in
  both notebooks (and on the website, under the solution).

From that, for each chapter ``book/<slug>.md`` this writes
``notebooks/students/<slug>.ipynb`` (questions, setup, starters, checks; no solution
text at all) and ``notebooks/solutions/<slug>.ipynb`` (questions, setup, solutions,
checks). ``--check`` only reports notebooks that are out of date (exit 1), which is
what the test suite runs.
"""

import argparse
import re
import sys
from pathlib import Path

__all__ = ["build_notebooks", "fence_end", "split_directives", "to_jupyter_markdown", "exercise_notebooks"]

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}[ \t]*(?P<arg>.*)$")


def fence_end(lines, start, fence):
    """Index of the line that closes the directive fence ``fence`` (backticks or colons) opened at
    ``lines[start]``: the first later line of at least as many of the same character; ``len(lines)``
    if none closes it."""
    closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
    end = start + 1
    while end < len(lines) and not closing.match(lines[end]):
        end += 1
    return end


def split_directives(text):
    """Split MyST text into plain-text pieces and top-level directives.

    Returns a list of ``("text", str)`` and ``("directive", name, argument, options, body)``
    items, in order. Options are the ``:key: value`` lines at the top of the body.
    """
    lines = text.split("\n")
    items, buffer, i = [], [], 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if not match:
            buffer.append(lines[i])
            i += 1
            continue
        j = fence_end(lines, i, match.group("fence"))
        body_lines = lines[i + 1 : j]
        options = {}
        while body_lines and re.match(r"^:[\w-]+:", body_lines[0]):
            key, _, value = body_lines.pop(0)[1:].partition(":")
            options[key.strip()] = value.strip()
        if buffer:
            items.append(("text", "\n".join(buffer)))
            buffer = []
        items.append(("directive", match.group("name"), match.group("arg").strip(), options, "\n".join(body_lines).strip()))
        i = j + 1
    if buffer:
        items.append(("text", "\n".join(buffer)))
    return items


def to_jupyter_markdown(text):
    """Rewrite MyST-only syntax (roles, admonitions) as plain Markdown that Jupyter shows well."""

    def role(match):
        name, content = match.group(1), match.group(2)
        label = re.sub(r"\s*<[^>]*>$", "", content)
        if name.startswith("cite"):
            return f"({content})"
        if name in {"eq", "numref", "ref", "doc"} and label == content:
            return f"({content})" if name == "eq" else content
        return label

    text = re.sub(r"\{([\w:-]+)\}`([^`]*)`", role, text)
    out = []
    for item in split_directives(text):
        if item[0] == "text":
            out.append(item[1])
            continue
        _, name, arg, _, body = item
        if name in {"note", "tip", "warning", "important", "admonition", "hint", "caution", "seealso"}:
            title = arg or name.capitalize()
            quoted = "\n".join("> " + line if line else ">" for line in to_jupyter_markdown(body).split("\n"))
            out.append(f"> **{title}.**\n>\n{quoted}")
        elif name == "math":
            out.append(f"$$\n{body}\n$$")
        else:
            out.append(to_jupyter_markdown(body))
    return "\n".join(out).strip()


def _tags(cell):
    return set(cell.get("metadata", {}).get("tags", []))


def exercise_notebooks(chapter_path):
    """The (students, solutions) notebooks of one chapter, or None if it has no exercises."""
    import jupytext
    import nbformat

    chapter_path = Path(chapter_path)
    text = chapter_path.read_text(encoding="utf-8")
    if not text.startswith("---") or "kernelspec:" not in text.split("\n---", 1)[0]:
        return None  # not a notebook page (glossary, bibliography, ...)
    notebook = jupytext.reads(text, fmt="md:myst")
    slug = chapter_path.stem
    title = next(
        (m.group(1).strip() for c in notebook.cells if c.cell_type == "markdown"
         for m in [re.search(r"^# (.+)$", c.source, re.M)] if m),
        slug,
    )
    start = next(
        (k for k, c in enumerate(notebook.cells) if c.cell_type == "markdown" and re.search(r"^## Exercises\s*$", c.source, re.M)),
        None,
    )
    if start is None:
        return None
    students, solutions = [], []
    in_solution = False
    number = 0

    def add(markdown, *, to_students=True, to_solutions=True):
        markdown = markdown.strip()
        if not markdown:
            return
        if to_students:
            students.append(("markdown", markdown))
        if to_solutions:
            solutions.append(("markdown", markdown))

    for cell in notebook.cells[start:]:
        if cell.cell_type == "markdown":
            source = cell.source
            if cell is notebook.cells[start]:
                source = source[re.search(r"^## Exercises\s*$", source, re.M).end():]
            if re.search(r"^## ", source, re.M):  # the exercises end at the next section
                source = source[: re.search(r"^## ", source, re.M).start()]
                stop = True
            else:
                stop = False
            for item in split_directives(source):
                if item[0] == "text":
                    add(to_jupyter_markdown(item[1]), to_students=not in_solution)
                    continue
                _, name, arg, options, body = item
                if name == "exercise":
                    number += 1
                    add(f"### Exercise {number}: {arg}\n\n{to_jupyter_markdown(body)}")
                elif name == "solution-start":
                    in_solution = True
                    add(f"**Solution to exercise {number}**\n\n{to_jupyter_markdown(body)}", to_students=False)
                elif name == "solution-end":
                    in_solution = False
                elif name == "solution":
                    add(f"**Solution to exercise {number}**\n\n{to_jupyter_markdown(body)}", to_students=False)
                else:
                    add(to_jupyter_markdown(f"```{{{name}}} {arg}\n{body}\n```"), to_students=not in_solution)
            if stop:
                break
            continue
        tags = _tags(cell)
        if "book-only" in tags:
            continue
        source = cell.source.strip()
        if "starter" in tags:
            students.append(("code", source))
        elif in_solution:
            solutions.append(("code", source))
        else:
            students.append(("code", source))
            solutions.append(("code", source))

    intro = {
        "students": (
            f"# Exercises: {title}\n\n"
            f"These are the exercises of the chapter *{title}* of **The Negative Class** "
            f"(`book/{slug}.md`), ready to solve. Run the first code cell, put your name in `MY_NAME` "
            "if there is one (some exercises use it to give you your own numbers), then answer each "
            "exercise in the cell that contains `...` and run the check cell below it. The check tells "
            "you whether your answer is right, and what to look at if it is not."
        ),
        "solutions": (
            f"# Solutions: {title}\n\n"
            f"For instructors: the exercises of the chapter *{title}* of **The Negative Class** "
            f"(`book/{slug}.md`) with their solutions. Every check cell should say *Correct*. "
            "Students get the matching notebook in `notebooks/students/`, which contains no solution."
        ),
    }
    made = []
    for kind, cells in (("students", _merge_markdown(students)), ("solutions", _merge_markdown(solutions))):
        nb = nbformat.v4.new_notebook()
        nb.metadata = {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "negedu": {"chapter": f"book/{slug}.md", "kind": kind},
        }
        all_cells = [("markdown", intro[kind])] + cells
        for index, (cell_type, source) in enumerate(all_cells):
            make = nbformat.v4.new_markdown_cell if cell_type == "markdown" else nbformat.v4.new_code_cell
            new = make(source)
            new["id"] = f"{slug}-{kind}-{index}"
            nb.cells.append(new)
        made.append(nb)
    return tuple(made)


def _merge_markdown(cells):
    """Join neighbouring markdown cells, so a solution's heading and prose read as one cell."""
    merged = []
    for kind, source in cells:
        if merged and kind == "markdown" and merged[-1][0] == "markdown":
            merged[-1] = ("markdown", merged[-1][1] + "\n\n" + source)
        else:
            merged.append((kind, source))
    return merged


def _serialise(nb):
    import nbformat

    return nbformat.writes(nb) + "\n"


def build_notebooks(book_dir="book", out_dir="notebooks", *, check=False):
    """Write (or, with ``check=True``, compare) every chapter's classroom notebooks.

    Returns the list of notebook paths that were written (or that are out of date).
    """
    book_dir, out_dir = Path(book_dir), Path(out_dir)
    changed = []
    for chapter in sorted(book_dir.glob("*.md")):
        made = exercise_notebooks(chapter)
        if made is None:
            continue
        for kind, nb in zip(("students", "solutions"), made):
            target = out_dir / kind / f"{chapter.stem}.ipynb"
            text = _serialise(nb)
            if target.exists() and target.read_text() == text:
                continue
            changed.append(target)
            if not check:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text)
    return changed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("book_dir", nargs="?", default="book")
    parser.add_argument("out_dir", nargs="?", default="notebooks")
    parser.add_argument("--check", action="store_true", help="report out-of-date notebooks and exit 1 if any")
    args = parser.parse_args(argv)
    changed = build_notebooks(args.book_dir, args.out_dir, check=args.check)
    if args.check:
        for path in changed:
            print(f"out of date: {path} (run `make notebooks`)")
        return 1 if changed else 0
    for path in changed:
        print(f"wrote {path}")
    print(f"{len(changed)} notebook(s) updated." if changed else "Classroom notebooks are up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
