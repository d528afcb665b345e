"""Teaching code of the chapter ``book/confusion-matrix.md``."""
