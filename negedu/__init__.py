"""negedu: the code behind *The Negative Class*.

Small, readable, pure-NumPy implementations of the metrics, resamplers, losses and
ensembles of imbalanced classification. Every public name mirrors scikit-learn or
imbalanced-learn, and the test suite checks the outputs against them.

Import what you need from the topic modules::

    from negedu.datasets import make_apples_and_oranges
    from negedu.metrics import confusion_matrix

The core needs NumPy only. Above it sit the teaching layers: the shared machinery
(``negedu.plotting``, ``negedu.interactive``, ``negedu.exercises``, which import matplotlib and
ipywidgets when they are used) and ``negedu.chapters.<slug>``, each chapter's explorers, exercise
checks and figures. An estimator used before ``fit`` raises
:class:`negedu.exceptions.NotFittedError`.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
