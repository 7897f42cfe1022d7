"""A non-editable install, run from another directory, finds resources/ and seeds/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_non_editable_install_ships_resources_and_seeds(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        # dependencies come from the system site-packages; the build backend from PyPI
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(REPO)],
        check=True, cwd=tmp_path, capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    probe = (
        "import jkannotate, sys;"
        "from jkannotate.core.resources import resources_dir, seeds_dir;"
        "from jkannotate.core.schema import load_schema;"
        "print(jkannotate.__file__); print(resources_dir()); print(seeds_dir());"
        "print(len(load_schema().labels)); print(len(list(seeds_dir().glob('*.txt'))))"
    )
    result = subprocess.run(
        [str(python), "-c", probe], cwd=elsewhere, capture_output=True, text=True, check=True
    )
    package, resources, seeds, labels, seed_count = result.stdout.split("\n")[:5]
    assert str(venv) in package and str(venv) in resources and str(venv) in seeds
    assert int(labels) >= 28 and int(seed_count) == 5
    db = tmp_path / "p.db"
    imported = subprocess.run(
        [str(venv / "bin" / "jkannotate"), "import", seeds, "--db", str(db), "--no-suggest"],
        cwd=elsewhere, capture_output=True, text=True,
    )
    assert imported.returncode == 0, imported.stderr
    assert "5 added" in imported.stdout
