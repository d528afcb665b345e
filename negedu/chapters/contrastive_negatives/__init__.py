"""Teaching code of the chapter ``book/contrastive-negatives.md``."""
