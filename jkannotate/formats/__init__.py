"""formats layer of jkannotate."""
