"""Pure-Python domain: documents, layers, spans, tags, the label scheme, offsets."""
