"""Teaching code of the chapter ``book/resampling-in-practice.md``."""
