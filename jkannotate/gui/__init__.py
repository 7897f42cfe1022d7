"""gui layer of jkannotate."""
