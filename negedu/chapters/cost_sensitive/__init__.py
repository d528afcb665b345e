"""Teaching code of the chapter ``book/cost-sensitive.md``."""
