"""Application operations beyond the core write path, one module per area (project layer)."""
