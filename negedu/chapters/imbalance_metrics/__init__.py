"""Teaching code of the chapter ``book/imbalance-metrics.md``."""
