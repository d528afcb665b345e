"""Six small additions to the book's Sphinx build.

1. Every executed chapter is offered as a notebook (.ipynb) in the page's download menu.
   sphinx-book-theme adds that entry only when a launch service (Binder, Colab, ...) is
   configured; we want the download without sending readers to another host. MyST-NB writes
   each executed chapter to _build/jupyter_execute/<page>.ipynb; we copy it next to the
   page's sources and tell the theme it is there.

2. No answer is visible before the student asks. On the public site, a cell tagged ``check``
   (it runs the exercise's check on the solution, and its output, "Correct: PPV = ... = 0.184",
   gives the answer away) moves into the folded solution just above it; a check with no solution
   above it loses its output. ``negedu_hide_solutions = True`` (``make book-students``) removes
   every solution, gated ones included, and the output of the check cells, and strips the
   solutions from the sources the page's download menu serves (``_sources/``: the chapter's
   .md and its executed .ipynb). sphinx-exercise's own ``hide_solutions`` drops only the
   solution title of a gated solution and leaves its code cells on the page, so we do not use it.

3. The ``negedu-listing`` directive shows one function or class of negedu on a page with every
   docstring in it cut to its summary paragraph: the page around a listing explains the
   parameters and the math, and a reader sees the code on one screen. The source file stays the
   only copy of the code::

       ```{negedu-listing} ../negedu/resampling/_smote.py
       :pyobject: smote
       ```

   ``:pyobject:`` names a top-level function or class, or a method as ``Class.method``; the
   ``:signature:`` flag shows only the decorators, the signature and the docstring's summary. The
   listing has no line numbers (they would not match the file once docstrings are cut).
   ``tests/test_book_listings.py`` pins what every page shows and how long it is. A listing
   longer than ``FOLD_LISTINGS_OVER`` lines is folded (a toggle): the page reads on without it,
   and one click opens it.

4. Light, clean pages (``tests/test_browser.py`` measures them in Chromium):

   * the figures of the explorers leave the page: each ``data:`` image of a page becomes a file
     ``_static/explorers/<hash>.<ext>`` (named by its content, so a figure shared by two states
     or two pages is stored once); the explorer's script fetches them when it comes near the
     screen. In Jupyter the explorer keeps its data URIs and needs no file;
   * a bibliography's entries are list items of its list (docutils gives them a deprecated role);
   * no ipywidgets state in the pages: the site shows the explorers' own HTML, never a widget;
   * no sphinx-thebe scripts (no launch service is configured; its config script, included
     twice, threw a SyntaxError on every page), and no MathJax on a page without math;
   * the icons as a font: the theme's stylesheet already holds Font Awesome's classes and
     woff2 fonts, so ``book/_templates/layout.html`` drops the theme's 1.5 MB script that
     redraws every icon as SVG (and loads the search index only on the search page);

5. Every chapter states its reading time under its title, counted from the page itself: the
   words of its prose (not code, not outputs) at 200 words a minute, and the lines of code it
   shows (cell inputs and listings) at 20 lines a minute; so the number cannot go stale.

6. The repository's address is one setting, ``repository: url:`` in ``_config.yml`` (Jupyter
   Book passes it to Sphinx as ``html_theme_options["repository_url"]``). Pages write
   ``{{ repository_url }}`` (a MyST substitution) wherever they name it, so no page carries a
   copy of the address or a placeholder for it.
"""

import ast
import base64
import hashlib
import json
import re
import textwrap
from pathlib import Path
from shutil import copy2

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.directives.code import container_wrapper
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from negedu.exercises.build import fence_end


def _offer_notebook(app, pagename, templatename, context, doctree):
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not executed.exists():
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    copy2(executed, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def _is_check_cell(node):
    return isinstance(node, nodes.Element) and "tag_check" in node.get("classes", [])


def _is_cell_output(node):
    return isinstance(node, nodes.Element) and "cell_output" in node.get("classes", [])


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


class HideSolutions(SphinxTransform):
    """Fold check cells into their solution (public site), or remove solutions and check outputs
    when ``negedu_hide_solutions`` is set (students' site)."""

    default_priority = 900  # after sphinx-exercise merges gated solutions (priority 10)

    def apply(self):
        from sphinx_exercise.nodes import exercise_node, solution_end_node, solution_node, solution_start_node

        if not self.config.negedu_hide_solutions:
            for cell in list(self.document.findall(_is_check_cell)):
                if any(isinstance(parent, solution_node) for parent in _ancestors(cell)):
                    continue  # already folded (sphinx-exercise merged it into the solution)
                solution = self._solution_above(cell, solution_node, exercise_node)
                if solution is None:
                    for output in [child for child in cell.children if _is_cell_output(child)]:
                        cell.remove(output)
                    continue
                cell.parent.remove(cell)
                content = [child for child in solution.children if isinstance(child, nodes.section)]
                (content[-1] if content else solution).append(cell)
            return
        for node in list(self.document.findall(lambda n: isinstance(n, (solution_node, solution_start_node, solution_end_node)))):
            node.parent.remove(node)
        for cell in list(self.document.findall(_is_check_cell)):
            for output in [child for child in cell.children if _is_cell_output(child)]:
                cell.remove(output)

    @staticmethod
    def _solution_above(cell, solution_node, exercise_node):
        """The solution that ends right above a check cell (other check cells of the same
        exercise may stand between them), or None when the exercise has none."""
        siblings = cell.parent.children
        for node in reversed(siblings[: siblings.index(cell)]):
            if isinstance(node, solution_node):
                return node
            if isinstance(node, exercise_node) or not (_is_check_cell(node) or isinstance(node, (nodes.comment, nodes.target))):
                return None
        return None


_SOLUTION_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|:{3,})\{(?P<name>solution|solution-start|solution-end)\}")


def strip_solutions(text, inside=False):
    """MyST text without its solutions: every ``{solution}`` directive, and everything from a
    ``{solution-start}`` fence to its ``{solution-end}`` fence, both included.

    Returns ``(text, inside)``, ``inside`` telling whether the text ends inside a gated
    solution, so that the cells of a notebook can be stripped one after another.
    """
    lines = text.split("\n")
    kept = []
    index = 0
    while index < len(lines):
        match = _SOLUTION_FENCE.match(lines[index])
        if match is None:
            if not inside:
                kept.append(lines[index])
            index += 1
            continue
        index = fence_end(lines, index, match.group("fence")) + 1
        if match.group("name") != "solution":
            inside = match.group("name") == "solution-start"
    return "\n".join(kept), inside


def strip_notebook_solutions(notebook):
    """A notebook (a dict in nbformat 4) without solutions: solution text in markdown cells,
    the cells between ``{solution-start}`` and ``{solution-end}``, and check cells' outputs."""
    cells = []
    inside = False
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown":
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            text, inside = strip_solutions(source, inside)
            if text.strip():
                cells.append({**cell, "source": text})
            continue
        if inside:
            continue
        if cell.get("cell_type") == "code" and "check" in cell.get("metadata", {}).get("tags", []):
            cell = {**cell, "outputs": [], "execution_count": None}
        cells.append(cell)
    return {**notebook, "cells": cells}


def _strip_served_sources(app, exception):
    """Students' site: the download menu serves ``_sources/<page>.md`` and ``.ipynb``; strip
    their solutions once the pages (and their copied sources) are written."""
    if exception is not None or not app.config.negedu_hide_solutions or app.builder.format != "html":
        return
    sources = Path(app.outdir) / "_sources"
    if not sources.is_dir():
        return
    for path in sources.rglob("*"):
        if path.suffix == ".ipynb":
            notebook = json.loads(path.read_text(encoding="utf-8"))
            path.write_text(json.dumps(strip_notebook_solutions(notebook), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        elif path.suffix in {".md", ".txt"}:
            path.write_text(strip_solutions(path.read_text(encoding="utf-8"))[0], encoding="utf-8")


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _find_object(tree, pyobject):
    """The definition named ``pyobject`` ("name" or "Class.method") in a parsed module."""
    node = tree
    for part in pyobject.split("."):
        node = next((n for n in node.body if isinstance(n, _DEFINITIONS) and n.name == part), None)
        if node is None:
            raise LookupError(f"no function or class named {pyobject!r}")
    return node


def _summary_end(lines, docstring):
    """Index (0-based) of the last source line of a docstring's first paragraph, or None when the
    docstring is that paragraph alone (then there is nothing to cut)."""
    for index in range(docstring.lineno - 1, docstring.end_lineno - 1):
        if not lines[index + 1].strip():
            return index
    return None


def listing_text(source, pyobject, *, signature=False):
    r"""The text the ``negedu-listing`` directive shows for ``pyobject`` of a module's ``source``.

    The definition's lines, decorators included, with every docstring in it (of the object, of
    its methods, of nested functions) shortened to its first paragraph, the summary, closed with
    the docstring's own quotes; dedented, so that a method reads as a function. Comments, blank
    lines and code are kept as they are in the file. With ``signature=True``, the listing stops
    after the object's own (shortened) docstring, or after its signature if it has none.

    Raises ``LookupError`` if the module has no such function or class.
    """
    tree = ast.parse(source)
    lines = source.splitlines()
    node = _find_object(tree, pyobject)
    first = min([node.lineno] + [d.lineno for d in node.decorator_list]) - 1
    last = node.end_lineno  # 1-based, included
    if signature:
        has_docstring = ast.get_docstring(node, clean=False) is not None
        last = node.body[0].end_lineno if has_docstring else node.body[0].lineno - 1
    cut = {}  # 0-based index of the last line of a summary -> that of its docstring's last line
    for inner in ast.walk(node):
        if not (isinstance(inner, _DEFINITIONS) and inner.body and ast.get_docstring(inner, clean=False) is not None):
            continue
        docstring = inner.body[0]
        end = _summary_end(lines, docstring)
        if end is not None:
            cut[end] = docstring.end_lineno - 1
    shown = []
    index = first
    while index < last:
        line = lines[index]
        if index in cut:
            quotes = lines[cut[index]].rstrip()[-3:]
            shown.append(line.rstrip() + quotes)
            index = cut[index] + 1
            continue
        shown.append(line)
        index += 1
    return textwrap.dedent("\n".join(shown) + "\n")


#: Listings longer than this many lines are folded behind a toggle.
FOLD_LISTINGS_OVER = 30


class NegeduListing(SphinxDirective):
    """``{negedu-listing} <path>`` with ``:pyobject:``: a function or class of negedu, docstrings cut
    to their summary, highlighted as Python (see the module docstring)."""

    required_arguments = 1
    has_content = False
    option_spec = {
        "pyobject": directives.unchanged_required,
        "signature": directives.flag,
        "caption": directives.unchanged,
        "name": directives.unchanged,
    }

    def run(self):
        reporter = self.state.document.reporter
        if not self.options.get("pyobject"):
            return [reporter.warning("negedu-listing needs :pyobject: (the function or class to show).", line=self.lineno)]
        rel_filename, filename = self.env.relfn2path(self.arguments[0])
        self.env.note_dependency(rel_filename)
        try:
            source = Path(filename).read_text(encoding="utf-8")
            text = listing_text(source, self.options["pyobject"], signature="signature" in self.options)
        except OSError as error:
            return [reporter.warning(f"negedu-listing: cannot read {self.arguments[0]}: {error}", line=self.lineno)]
        except LookupError as error:
            return [reporter.warning(f"negedu-listing: {self.arguments[0]} has {error}; was it renamed?", line=self.lineno)]
        node = nodes.literal_block(text, text, source=filename)
        node["language"] = "python"
        self.set_source_info(node)
        if "caption" in self.options:
            node = container_wrapper(self, node, self.options["caption"] or self.arguments[0])
        self.add_name(node)
        n_lines = text.count("\n")
        if n_lines > FOLD_LISTINGS_OVER:
            # sphinx-togglebutton folds any element with the class "toggle"; the note says what is inside
            note = nodes.paragraph("", "", nodes.literal(self.options["pyobject"], self.options["pyobject"]),
                                   nodes.Text(f": {n_lines} lines of code, folded; open it to read."))
            node = nodes.container("", node, classes=["toggle", "negedu-listing-folded"])
            return [note, node]
        return [node]


_DATA_IMAGE = re.compile(r"data:image/(png|webp|jpeg|gif);base64,([A-Za-z0-9+/=]+)")
_THEBE_RAW = ("text/x-thebe-config", "kernelName = ")
_WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _light_body(app, pagename, templatename, context, doctree):
    """Every ``data:`` image of the page's body as a file in ``_static/explorers/``, and
    bibliography entries as list items (see 4.)."""
    body = context.get("body")
    if not body:
        return
    # docutils marks each entry of a citation list with the deprecated role doc-biblioentry,
    # which assistive technology (and axe-core) no longer counts as an item of the list.
    body = body.replace('role="doc-biblioentry"', 'role="listitem"')
    folder = Path(app.outdir) / "_static" / "explorers"

    def to_file(match):
        data = base64.b64decode(match.group(2))
        name = f"{hashlib.sha256(data).hexdigest()[:20]}.{match.group(1)}"
        path = folder / name
        if not path.exists():
            folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return context["pathto"](f"_static/explorers/{name}", 1)

    context["body"] = _DATA_IMAGE.sub(to_file, body) if "data:image/" in body else body


def _drop_unused_scripts(app, pagename, templatename, context, doctree):
    """No ipywidgets state, no sphinx-thebe scripts or style, and no MathJax on a page without
    math (myst-nb asks for MathJax on every executed page) (see 4.)."""
    has_math = 'class="math' in context.get("body", "")

    def used(asset):
        attributes = getattr(asset, "attributes", {})
        filename = str(getattr(asset, "filename", None) or "")
        if not has_math and (filename.endswith(app.config.mathjax_path) or "window.MathJax" in attributes.get("body", "")):
            return False
        return not (attributes.get("type") == _WIDGET_STATE or "THEBE_JS_URL" in attributes.get("body", "")
                    or "sphinx-thebe" in filename)

    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if used(asset)]


def _drop_thebe_config(app, doctree, docname):
    """The launch-service configuration sphinx-thebe appends to every page (no service is set)."""
    for node in list(doctree.findall(nodes.raw)):
        if any(marker in node.astext() for marker in _THEBE_RAW):
            node.parent.remove(node)


#: Reading speeds behind the reading time: words of prose, and lines of code, per minute.
WORDS_PER_MINUTE, CODE_LINES_PER_MINUTE = 200, 20


def _is_code(node):
    classes = node.get("classes", [])
    return isinstance(node, nodes.literal_block) or "cell_input" in classes or "cell_output" in classes


def reading_time(doctree):
    """(minutes, words, code lines) of a page: its prose words and the code lines it shows."""
    words, code_lines = 0, 0
    for node in doctree.findall(nodes.Text):
        if any(_is_code(a) for a in _ancestors(node)):
            continue
        words += len(node.astext().split())
    for block in doctree.findall(nodes.literal_block):
        if not any("cell_output" in a.get("classes", []) for a in _ancestors(block)):
            code_lines += block.astext().count("\n") + 1
    minutes = max(1, round(words / WORDS_PER_MINUTE + code_lines / CODE_LINES_PER_MINUTE))
    return minutes, words, code_lines


class ReadingTime(SphinxTransform):
    """Under the title of every page that runs code (a chapter): "About N minutes to read"."""

    default_priority = 880  # after MyST-NB has turned the cells into nodes

    def apply(self):
        if not any("cell" in n.get("classes", []) for n in self.document.findall(nodes.container)):
            return
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None or not section.children or not isinstance(section[0], nodes.title):
            return
        minutes, words, code_lines = reading_time(self.document)
        text = (f"About {minutes} minutes to read: {words:,} words and {code_lines:,} lines of code "
                "(counted by the build).")
        section.insert(1, nodes.paragraph("", "", nodes.emphasis(text, text), classes=["negedu-reading-time"]))


def _substitute_repository_url(app, config):
    url = (config.html_theme_options or {}).get("repository_url", "")
    if not url or "executablebooks" in url:  # Jupyter Book's own default address
        # Nothing to substitute (a small Sphinx project, such as the tests'): a page that writes
        # {{ repository_url }} then fails the -W build with MyST's "undefined substitution".
        return
    config.myst_substitutions = {**(config.myst_substitutions or {}), "repository_url": url}


def setup(app):
    app.connect("config-inited", _substitute_repository_url)
    # Before the theme builds its header buttons (priority 501).
    app.connect("html-page-context", _offer_notebook, priority=400)
    app.add_config_value("negedu_hide_solutions", False, "env")
    app.add_transform(HideSolutions)
    app.add_transform(ReadingTime)
    app.connect("build-finished", _strip_served_sources)
    app.add_directive("negedu-listing", NegeduListing)
    app.connect("doctree-resolved", _drop_thebe_config, priority=900)  # after sphinx-thebe adds it
    app.connect("html-page-context", _light_body, priority=900)
    app.connect("html-page-context", _drop_unused_scripts, priority=900)  # after myst-nb adds them
    return {"parallel_read_safe": True, "parallel_write_safe": True}
