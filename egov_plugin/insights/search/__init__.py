"""Cross-search: the querysets behind each result section (:mod:`.people`, :mod:`.sections`)."""
