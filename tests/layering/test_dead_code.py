"""No dead code: vulture finds no unused name in the package beyond its whitelist."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_vulture_finds_no_unused_code() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "vulture",
            "jkannotate",
            str(Path(__file__).with_name("vulture_whitelist.py")),
            "--min-confidence",
            "60",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
