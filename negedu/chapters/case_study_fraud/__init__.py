"""Teaching code of the chapter ``book/case-study-fraud.md``."""
