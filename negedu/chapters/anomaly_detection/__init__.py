"""Teaching code of the chapter ``book/anomaly-detection.md``."""
