"""Teaching code of the chapter ``book/positive-and-negative.md``."""
