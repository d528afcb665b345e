"""Teaching code of the chapter ``book/smote-geometry.md``."""
