"""A training killed with SIGKILL leaves its work folder; the next training into the same
folder removes it (and nothing else)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from jkannotate.operations.train import TrainOptions, train_model
from tests.train.conftest import make_project

REPO = Path(__file__).resolve().parents[2]
KILLED_TRAINING = """
import sys, time
from pathlib import Path
from jkannotate.formats import temporaries
work = temporaries.temp_dir(Path(sys.argv[1]), "training-")
(work / "train.spacy").write_bytes(b"x" * 1_000_000)
print(work, flush=True)
time.sleep(60)
"""


def test_the_next_training_removes_what_a_killed_one_left(tmp_path: Path) -> None:
    out = tmp_path / "v1"
    killed = subprocess.Popen([sys.executable, "-c", KILLED_TRAINING, str(out)], cwd=REPO,
                              env={**os.environ, "PYTHONPATH": str(REPO)},
                              stdout=subprocess.PIPE, text=True)
    assert killed.stdout is not None
    left = Path(killed.stdout.readline().strip())
    killed.kill()
    killed.wait()
    killed.stdout.close()
    legacy = tmp_path / ".v1.training-k2j_9x0a"  # an earlier version's name, two hours old
    legacy.mkdir()
    old = time.time() - 2 * 3600
    os.utime(legacy, (old, old))
    others = [tmp_path / ".v2.training-q7w_3e4r", tmp_path / "keep.txt"]
    others[0].mkdir()
    others[1].write_text("mine")
    assert left.is_dir() and left.name.startswith(".v1.training-jk-")

    with make_project(tmp_path / "p.db") as project:
        summary = train_model(project, out, TrainOptions(max_steps=4, min_docs=10))

    assert summary.out_dir == out and (out / "metrics.json").exists()
    assert not left.exists() and not legacy.exists()
    assert all(path.exists() for path in others)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".v1.")]
