"""Teaching code of the chapter ``book/balanced-ensembles.md``."""
