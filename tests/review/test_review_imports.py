"""The review package computes its coefficients itself: reference packages are test-only."""

from __future__ import annotations

import ast
from pathlib import Path

import jkannotate.review

FORBIDDEN = {"sklearn", "statsmodels", "krippendorff", "scipy", "PySide6", "sqlalchemy", "spacy"}


def test_review_modules_import_no_reference_or_heavy_package() -> None:
    folder = Path(jkannotate.review.__file__).parent
    modules = sorted(folder.glob("*.py"))
    assert len(modules) >= 8
    for module in modules:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                roots = {node.module.split(".")[0]}
            else:
                continue
            assert not roots & FORBIDDEN, f"{module.name} imports {roots & FORBIDDEN}"
