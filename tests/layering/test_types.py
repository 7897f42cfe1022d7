"""The type checker passes on the package (mypy, configured in pyproject.toml).

The modules that still have errors are listed there with the kinds they have; any other
error, an unused ``type: ignore`` included, fails this test.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_mypy_finds_no_type_errors() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_would_see_an_error(tmp_path: Path) -> None:
    """The configuration checks bodies and call arguments: a wrong call is an error."""
    probe = tmp_path / "probe.py"
    probe.write_text("from jkannotate.ingest.duplicates import signature\nsignature(3)\n")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", str(probe)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "[arg-type]" in result.stdout, result.stdout
