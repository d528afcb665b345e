"""Teaching code of the chapter ``book/shifting-negatives.md``."""
