"""store layer of jkannotate."""
