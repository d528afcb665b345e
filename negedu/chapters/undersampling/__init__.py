"""Teaching code of the chapter ``book/undersampling.md``."""
