"""Bunch: the return value of negedu's functions that give back several named things."""

__all__ = ["Bunch"]


class Bunch(dict):
    """A dictionary whose keys can also be read as attributes (``basket.X``).

    Functions that return several arrays (a fitted model, a generated data set, a curve)
    return a Bunch, as scikit-learn's ``load_*`` functions do: ``model["coef"]`` and
    ``model.coef`` are the same array, and ``dict(model)`` is a plain dictionary.

    >>> b = Bunch(X=[1, 2], y=[0, 1])
    >>> b.y, sorted(b)
    ([0, 1], ['X', 'y'])
    """

    def __getattr__(self, key):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None

    def __dir__(self):
        return list(self.keys())
