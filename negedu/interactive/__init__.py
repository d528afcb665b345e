"""Interactive figures ("explorers"): live ipywidgets in Jupyter, precomputed and alive on the website.

>>> from negedu.interactive import get_explorer
>>> explorer = get_explorer("positive-and-negative/threshold")
>>> explorer.numbers(threshold=0.5, imbalance_ratio=100)["apples flagged (TP)"]
17

See :class:`Explorer` for how one definition gives both views. The book's explorers live
in one module per chapter (``negedu.interactive.<chapter>``), each registering its
factories by name (``"<chapter-slug>/<name>"``); importing this package registers them all.
"""

from ._explorer import Explorer, Param, get_explorer, register, registered_explorers

# One module per chapter; each registers its explorers when imported.
from . import positive_and_negative  # noqa: F401,E402
from . import confusion_matrix  # noqa: F401,E402
from . import imbalance_metrics  # noqa: F401,E402
from . import roc_vs_pr  # noqa: F401,E402
from . import undersampling  # noqa: F401,E402
from . import smote_geometry  # noqa: F401,E402
from . import resampling_in_practice  # noqa: F401,E402
from . import focal_loss  # noqa: F401,E402
from . import cost_sensitive  # noqa: F401,E402
from . import contrastive_negatives  # noqa: F401,E402
from . import one_vs_rest  # noqa: F401,E402
from . import anomaly_detection  # noqa: F401,E402
from . import case_study_fraud  # noqa: F401,E402
from . import shifting_negatives  # noqa: F401,E402
from . import balanced_ensembles  # noqa: F401,E402
from . import open_set  # noqa: F401,E402

__all__ = ["Explorer", "Param", "get_explorer", "register", "registered_explorers"]
