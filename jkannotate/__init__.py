"""jkannotate: annotate news about Japan–South Korea relations."""

__version__ = "0.1.0"
