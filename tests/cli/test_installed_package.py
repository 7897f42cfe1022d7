"""A non-editable install, run from another directory, finds resources/ and seeds/.

Works from a plain interpreter and from inside a virtual environment (where
``--system-site-packages`` would reach the base interpreter, not this environment's
dependencies): the new environment sees the running one's packages through a ``.pth`` file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_non_editable_install_ships_resources_and_seeds(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    inner = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path("
                            "'purelib'))"], capture_output=True, text=True, check=True, env=env)
    # this environment's dependencies (spaCy, SQLAlchemy, …), after the new one's own packages
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")} | {
        entry for entry in sys.path if entry.endswith(("site-packages", "dist-packages"))}
    Path(inner.stdout.strip(), "_test_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    subprocess.run(
        # dependencies come from the system site-packages; the build backend from PyPI
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(REPO)],
        check=True, cwd=tmp_path, capture_output=True, env=env,
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
        [str(python), "-c", probe], cwd=elsewhere, capture_output=True, text=True, check=True,
        env=env,
    )
    package, resources, seeds, labels, seed_count = result.stdout.split("\n")[:5]
    assert str(venv) in package and str(venv) in resources and str(venv) in seeds
    assert int(labels) >= 28 and int(seed_count) == 5
    db = tmp_path / "p.db"
    imported = subprocess.run(
        [str(venv / "bin" / "jkannotate"), "import", seeds, "--db", str(db), "--no-suggest"],
        cwd=elsewhere, capture_output=True, text=True, env=env,
    )
    assert imported.returncode == 0, imported.stderr
    assert "5 added" in imported.stdout
