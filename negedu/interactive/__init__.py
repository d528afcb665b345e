"""Interactive figures ("explorers"): live ipywidgets in Jupyter, precomputed and alive on the website.

>>> from negedu.interactive import get_explorer
>>> explorer = get_explorer("positive-and-negative/threshold")
>>> explorer.numbers(threshold=0.5, imbalance_ratio=100)["apples flagged (TP)"]
17

See :class:`Explorer` for how one definition gives both views. Each chapter's explorers live
in its own folder (``negedu/chapters/<slug>/explorer.py``) and register their factories by
name (``"<chapter-slug>/<name>"``). Nothing is imported at start: :func:`get_explorer` imports
the chapter's module the first time one of its explorers is asked for, and
:func:`registered_explorers` imports every chapter's.
"""

from ._explorer import Explorer, Param, get_explorer, register, registered_explorers

__all__ = ["Explorer", "Param", "get_explorer", "register", "registered_explorers"]
