"""Three small additions to the book's Sphinx build.

1. Every executed chapter is offered as a notebook (.ipynb) in the page's download menu.
   sphinx-book-theme adds that entry only when a launch service (Binder, Colab, ...) is
   configured; we want the download without sending readers to another host. MyST-NB writes
   each executed chapter to _build/jupyter_execute/<page>.ipynb; we copy it next to the
   page's sources and tell the theme it is there.

2. ``negedu_hide_solutions = True`` (``make book-students``) removes every solution, gated
   ones included, and the output of the check cells (which would confirm the answer).
   sphinx-exercise's own ``hide_solutions`` drops only the solution title of a gated
   solution and leaves its code cells on the page, so we do not use it.

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
   ``tests/test_book_listings.py`` pins what every page shows and how long it is.
"""

import ast
import textwrap
from pathlib import Path
from shutil import copy2

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.directives.code import container_wrapper
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective


def _offer_notebook(app, pagename, templatename, context, doctree):
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not executed.exists():
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    copy2(executed, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


class HideSolutions(SphinxTransform):
    """Remove solutions and check-cell outputs when ``negedu_hide_solutions`` is set."""

    default_priority = 900  # after sphinx-exercise merges gated solutions (priority 10)

    def apply(self):
        if not self.config.negedu_hide_solutions:
            return
        from sphinx_exercise.nodes import solution_end_node, solution_node, solution_start_node

        for node in list(self.document.findall(lambda n: isinstance(n, (solution_node, solution_start_node, solution_end_node)))):
            node.parent.remove(node)
        for node in list(self.document.findall(lambda n: "tag_check" in n.get("classes", []) if hasattr(n, "get") else False)):
            for child in list(node.children):
                if "cell_output" in child.get("classes", []):
                    node.remove(child)


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
        return [node]


def setup(app):
    # Before the theme builds its header buttons (priority 501).
    app.connect("html-page-context", _offer_notebook, priority=400)
    app.add_config_value("negedu_hide_solutions", False, "env")
    app.add_transform(HideSolutions)
    app.add_directive("negedu-listing", NegeduListing)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
