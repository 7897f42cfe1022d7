"""A project with the seeds imported (suggestions run) and accepted by alice, built once."""

from __future__ import annotations

from pathlib import Path

import pytest
from ix_helpers import accept_everything, copy_db

from jkannotate.cli import main

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="session")
def _alice_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("ix_home")
    with pytest.MonkeyPatch.context() as patch:  # same isolation as the autouse fixture
        for name, value in (("HOME", home), ("XDG_DATA_HOME", home / "data"),
                            ("XDG_CONFIG_HOME", home / "config"), ("JKANNOTATE_USER", "tester")):
            patch.setenv(name, str(value))
        patch.delenv("JKANNOTATE_DB", raising=False)
        db = tmp_path_factory.mktemp("ix_template") / "alice.db"
        assert main(["import", str(SEEDS), "--db", str(db)]) == 0  # suggestions by default
        accept_everything(db, "alice")
    return db


@pytest.fixture
def alice_db(_alice_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the seeds project where alice accepted the suggestions (all done)."""
    return copy_db(_alice_template, tmp_path / "alice.db")
