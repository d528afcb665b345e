"""Teaching code of the chapter ``book/one-vs-rest.md``."""
