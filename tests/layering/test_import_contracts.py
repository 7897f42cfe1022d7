"""The layer rules of docs/architecture.md, checked by import-linter's contracts in
pyproject.toml."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_import_linter_contracts_are_kept() -> None:
    command = shutil.which("lint-imports")
    assert command, "import-linter is a test dependency (pip install '.[test]')"
    result = subprocess.run([command], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert ", 0 broken." in result.stdout
