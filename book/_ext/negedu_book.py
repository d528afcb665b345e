"""Two small additions to the book's Sphinx build.

1. Every executed chapter is offered as a notebook (.ipynb) in the page's download menu.
   sphinx-book-theme adds that entry only when a launch service (Binder, Colab, ...) is
   configured; we want the download without sending readers to another host. MyST-NB writes
   each executed chapter to _build/jupyter_execute/<page>.ipynb; we copy it next to the
   page's sources and tell the theme it is there.

2. ``negedu_hide_solutions = True`` (``make book-students``) removes every solution, gated
   ones included, and the output of the check cells (which would confirm the answer).
   sphinx-exercise's own ``hide_solutions`` drops only the solution title of a gated
   solution and leaves its code cells on the page, so we do not use it.
"""

from pathlib import Path
from shutil import copy2

from sphinx.transforms import SphinxTransform


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


def setup(app):
    # Before the theme builds its header buttons (priority 501).
    app.connect("html-page-context", _offer_notebook, priority=400)
    app.add_config_value("negedu_hide_solutions", False, "env")
    app.add_transform(HideSolutions)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
