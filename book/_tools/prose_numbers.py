"""Find numbers typed by hand in a chapter's prose that the chapter's own code computes.

A number in a sentence that the page computes must be glued (myst-nb's ``{glue:text}``), so
that it cannot drift from the code. This tool reads a chapter's prose (code cells, math,
inline code, roles and directives' options removed) and its executed notebook, and reports
each prose number that equals, at the precision it is written with, a number in the
chapter's outputs (printed text, tables, glued values). Such a number was almost surely
copied from an output by hand.

What counts: decimals with at least two significant digits (``0.26``, ``11.5``, ``2.3 %``) and
integers with at least three (``252``, ``1,433``), except years and round numbers such as
``100`` or ``10,000``, which are set-up parameters far more often than results.

A number that is typed on purpose (a parameter that the code also prints, a value quoted
from a paper) is declared in the chapter with a MyST comment line, which the website does
not show::

    % typed on purpose: 0.25 (the paper's alpha), 0.75 (its best alpha for cross-entropy)

Usage::

    python book/_tools/prose_numbers.py book/focal-loss.md              # uses _build/jupyter_execute
    python book/_tools/prose_numbers.py book/focal-loss.md --execute    # runs the chapter first (fresh kernel)

Exit status 1 when a hand-typed computed number is found. tests/test_prose_numbers.py runs
it on every chapter of the built book.
"""

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXECUTED = ROOT / "_build" / "jupyter_execute" / "book"

NUMBER = re.compile(r"(?<![\w.\-/#=^])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d+)(?:st|nd|rd|th)?(?![\w]|\.\d|,\d{3})(\s*%)?")
OUTPUT_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
DECLARED = re.compile(r"^%\s*typed on purpose:(.*)$", re.M)


def prose(markdown):
    """The chapter's running text: no front matter, code, math, inline code, roles, targets or options."""
    text = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    text = re.sub(r"^(`{3,}|~{3,})\{code-cell\}.*?^\1[ \t]*$", "", text, flags=re.S | re.M)
    text = re.sub(r"^(`{3,}|~{3,})(?:\{(?:math|code|code-block|literalinclude|negedu-listing|bibliography)\}|[a-z]*\n).*?^\1[ \t]*$",
                  "", text, flags=re.S | re.M)
    text = re.sub(r"\$\$.*?\$\$", "", text, flags=re.S)
    text = re.sub(r"(?<!\\)\$[^$\n]+\$", "", text)
    text = re.sub(r"\{[\w:-]+\}`[^`]*`", "", text)  # roles: {glue:text}`...`, {cite}`...`, {math}`...`
    text = re.sub(r"`[^`\n]*`", "", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets
    text = re.sub(r"<[^>\n]+>", "", text)  # html tags
    text = re.sub(r"^\s*:[\w-]+:.*$", "", text, flags=re.M)  # directive options
    text = re.sub(r"^\(.*\)=\s*$", "", text, flags=re.M)  # labels
    text = re.sub(r"^%.*$", "", text, flags=re.M)  # comments
    return text


def _significant(token):
    return len(token.replace(",", "").replace(".", "").lstrip("0"))


def candidates(markdown):
    """(token, is_percent, line) for every prose number worth checking."""
    found = []
    for line in prose(markdown).splitlines():
        for match in NUMBER.finditer(line):
            token, percent = match.group(1), bool(match.group(2))
            if "." in token:
                if _significant(token) < 2:
                    continue
            elif (_significant(token) < 3 or re.fullmatch(r"(1[5-9]|20)\d\d", token)
                  or re.fullmatch(r"[1-9]0*(,000)*", token.replace(",", "")) or re.fullmatch(r"[1-9](,?0)*", token)):
                continue
            found.append((token, percent, line.strip()))
    return found


def declared(markdown):
    """The numbers a chapter declares as typed on purpose (reasons in parentheses are skipped)."""
    tokens = set()
    for body in DECLARED.findall(markdown):
        tokens.update(m.group(1) for m in NUMBER.finditer(re.sub(r"\([^)]*\)", "", body)))
    return tokens


def output_numbers(notebook):
    """Every number in the executed notebook's outputs (stdout, text, HTML, Markdown, glued values)."""
    values = set()
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            texts = ["".join(output["text"])] if "text" in output else []
            data = output.get("data", {})
            texts += ["".join(data[k]) if isinstance(data[k], list) else str(data[k])
                      for k in ("text/plain", "text/html", "text/markdown", "text/latex") if k in data]
            for text in texts:
                for token in OUTPUT_NUMBER.findall(text.replace(",", "")):
                    try:
                        values.add(float(token))
                    except ValueError:
                        pass
    return values


def typed_by_hand(markdown, notebook):
    """The prose numbers that equal an output number at their written precision, not declared."""
    values = output_numbers(notebook)
    allowed = declared(markdown)
    hits = []
    for token, percent, line in candidates(markdown):
        if token in allowed:
            continue
        number = float(token.replace(",", ""))
        digits = len(token.split(".")[1]) if "." in token else 0
        scales = (1, 100) if percent else (1,)
        if any(round(v * s, digits) == number for v in values for s in scales):
            hits.append((token + (" %" if percent else ""), line))
    return hits


def missing_glue(markdown, notebook):
    """Glue keys the prose refers to that no cell glued (the build would warn about each)."""
    glued = {output.get("metadata", {}).get("scrapbook", {}).get("name")
             for cell in notebook.get("cells", []) for output in cell.get("outputs", [])}
    used = set(re.findall(r"\{glue(?::\w+)?\}`([^`:]+)", markdown))
    return sorted(used - glued)


def execute(chapter):
    """The chapter executed in a fresh kernel as the build executes it (``chapter_cache.execute``:
    the same reader, kernel environment and timeout); raises the error of a failing cell."""
    if str(Path(__file__).resolve().parent) not in sys.path:
        sys.path.insert(0, str(Path(__file__).resolve().parent))  # chapter_cache sits beside this file
    import chapter_cache

    notebook, result = chapter_cache.execute(chapter)
    if result.err is not None:
        raise result.err
    return json.loads(json.dumps(notebook))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("chapters", nargs="+", type=Path)
    parser.add_argument("--execute", action="store_true", help="execute each chapter in a fresh kernel first")
    args = parser.parse_args()
    status = 0
    for shown in args.chapters:
        chapter = shown.resolve()
        if args.execute:
            try:
                notebook = execute(chapter)
            except Exception as error:  # a failing cell: report it and go on with the next chapter
                print(f"{shown}: does not execute: {str(error).strip().splitlines()[-1][:300]}")
                status = 1
                continue
        else:
            path = EXECUTED / f"{chapter.stem}.ipynb"
            if not path.exists() and "kernelspec:" not in chapter.read_text().split("\n---", 1)[0]:
                continue  # a page without code: nothing is computed on it
            if not path.exists():
                sys.exit(f"{path} does not exist: build the book first, or pass --execute")
            notebook = json.loads(path.read_text())
        hits = typed_by_hand(chapter.read_text(), notebook)
        for key in missing_glue(chapter.read_text(), notebook):
            print(f"{shown}: glue key {key!r} is used in the prose but no cell glues it")
            status = 1
        for token, line in hits:
            print(f"{shown}: {token} typed by hand: {line[:120]}")
        status = status or bool(hits)
    sys.exit(status)


if __name__ == "__main__":
    main()
