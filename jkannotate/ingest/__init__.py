"""ingest layer of jkannotate."""
