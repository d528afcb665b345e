"""Teaching code of the chapter ``book/evidence.md``: the KEEL benchmark and its analysis."""
