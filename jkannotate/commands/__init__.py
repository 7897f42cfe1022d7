"""Typer commands, one module per area; ``jkannotate.cli`` assembles them."""
