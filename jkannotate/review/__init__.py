"""review layer of jkannotate."""
