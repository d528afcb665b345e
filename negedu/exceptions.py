"""The exceptions negedu raises beyond Python's own ``ValueError`` and ``TypeError``.

Like ``sklearn.exceptions``:

* :class:`NotFittedError`: a method that needs a fitted estimator (``predict``,
  ``predict_proba``, ``decision_function``, ``kneighbors``, ``score_samples``, ...) was called
  before ``fit``. It subclasses both ``ValueError`` and ``AttributeError``, so code written
  for either (or for scikit-learn's ``NotFittedError``) catches it.

>>> from negedu.losses import LogisticRegression
>>> try:
...     LogisticRegression().predict([[0.0]])
... except NotFittedError as error:
...     print(error)
This LogisticRegression is not fitted yet: call fit(X, y) before predict.
"""

from negedu._validation import NotFittedError

__all__ = ["NotFittedError"]
