"""Teaching code of the chapter ``book/roc-vs-pr.md``."""
