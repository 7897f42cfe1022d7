"""Application operations beyond the core write path, one module per area (part of the project layer)."""
