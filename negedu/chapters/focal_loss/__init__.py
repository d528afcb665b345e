"""Teaching code of the chapter ``book/focal-loss.md``."""
