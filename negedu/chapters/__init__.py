"""The teaching code of each chapter, one folder a chapter: ``negedu.chapters.<slug>``.

A chapter folder holds what only that chapter needs: ``explorer.py`` (its registered
interactive figures), ``checks.py`` (its exercise checks) and ``figures.py`` (its own
figures). It imports the core (:mod:`negedu.metrics`, :mod:`negedu.resampling`, ...) and the
shared teaching machinery (:mod:`negedu.interactive`, :mod:`negedu.exercises`,
:mod:`negedu.plotting`), never another chapter. Nothing here is imported at start: the explorer
registry imports a chapter's ``explorer`` module when one of its explorers is asked for.
"""
