"""negedu: the code behind *The Negative Class*.

Small, readable, pure-NumPy implementations of the metrics, resamplers, losses and
ensembles of imbalanced classification. Every public name mirrors scikit-learn or
imbalanced-learn, and the test suite checks the outputs against them.

Import what you need from the topic modules::

    from negedu.datasets import make_apples_and_oranges
    from negedu.metrics import confusion_matrix

The core needs NumPy only. ``negedu.plotting`` and ``negedu.interactive`` import
matplotlib and ipywidgets when they are used.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
