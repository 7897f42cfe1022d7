"""nlp layer of jkannotate."""
