"""Where the shipped data lives: ``resources/`` and ``seeds/``, installed or in a checkout."""

from __future__ import annotations

from importlib import resources as importlib_resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]


def _package_dir(package: str, folder: str) -> Path:
    try:
        located = Path(str(importlib_resources.files(package)))
        if located.is_dir():
            return located
    except (ModuleNotFoundError, TypeError):
        pass
    return _CHECKOUT / folder  # running from a source checkout without installing


def resources_dir() -> Path:
    return _package_dir("jkannotate.resources", "resources")


def seeds_dir() -> Path:
    return _package_dir("jkannotate.seeds", "seeds")


def resource_path(name: str) -> Path:
    return resources_dir() / name
