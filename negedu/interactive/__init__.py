"""Interactive figures ("explorers"): live ipywidgets in Jupyter, precomputed and alive on the website.

>>> from negedu.interactive import get_explorer
>>> explorer = get_explorer("positive-and-negative/threshold")
>>> explorer.numbers(threshold=0.5, imbalance_ratio=100)["TP"] >= 0
True

See :class:`Explorer` for how one definition gives both views, and
:mod:`negedu.interactive.gallery` for the book's explorers.
"""

from ._explorer import Explorer, Param, get_explorer, register, registered_explorers
from . import gallery  # noqa: F401  (registers the book's explorers)

__all__ = ["Explorer", "Param", "get_explorer", "register", "registered_explorers", "gallery"]
