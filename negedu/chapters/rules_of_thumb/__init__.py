"""Teaching code of the chapter ``book/rules-of-thumb.md``."""
