"""Offer every executed chapter as a notebook (.ipynb) in the page's download menu.

sphinx-book-theme adds the ".ipynb" entry only when a launch service (Binder, Colab, ...)
is configured; we want the download without sending readers to another host. MyST-NB
writes each executed chapter to _build/jupyter_execute/<page>.ipynb; this copies it next
to the page's sources and tells the theme it is there.
"""

from pathlib import Path
from shutil import copy2


def _offer_notebook(app, pagename, templatename, context, doctree):
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not executed.exists():
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    copy2(executed, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app):
    # Before the theme builds its header buttons (priority 501).
    app.connect("html-page-context", _offer_notebook, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
