"""Teaching code of the chapter ``book/open-set.md``."""
