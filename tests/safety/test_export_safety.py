"""Exports never delete what the project did not write, write a split as a pair, and clean
the temporaries a killed run left behind."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jkannotate.cli import main
from jkannotate.formats import FORMATS, Format, temporaries
from jkannotate.formats.brat import MANIFEST
from tests.safety.conftest import make_project

REPO = Path(__file__).resolve().parents[2]


def export(db: Path, out: Path, fmt: str, *extra: str) -> int:
    return main(["export", str(out), "--format", fmt, "--db", str(db), "--layer", "ann", *extra])


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(folder)): p.read_bytes() if p.is_file() else None
            for p in sorted(folder.rglob("*"))}


def test_brat_export_keeps_a_collection_it_did_not_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = make_project(tmp_path / "p.db", 6)
    collection = tmp_path / "c"
    (collection / "sub").mkdir(parents=True)
    (collection / "annotation.conf").write_text("[entities]\nPER\n")
    (collection / "mine.ann").write_text("work\n")
    (collection / "sub" / "deep.txt").write_text("keep me\n")
    before = snapshot(collection)

    assert export(db, collection, "brat") != 0
    message = capsys.readouterr().err.strip().splitlines()
    assert len(message) == 1 and "--force" in message[0] and str(collection) in message[0]
    assert snapshot(collection) == before

    assert export(db, collection, "brat", "--force") == 0
    after = snapshot(collection)
    assert after["mine.ann"] == b"work\n" and after["sub/deep.txt"] == b"keep me\n"
    assert after["annotation.conf"] != before["annotation.conf"]  # a file of the export
    assert len([name for name in after if name.endswith(".txt") and "/" not in name]) == 6

    # a later export with fewer documents removes only what the earlier export wrote
    db_small = make_project(tmp_path / "small.db", 2)
    assert export(db_small, collection, "brat", "--force") == 0
    again = snapshot(collection)
    assert len([name for name in again if name.endswith(".ann") and "/" not in name]) == 3
    assert again["mine.ann"] == b"work\n" and again["sub/deep.txt"] == b"keep me\n"
    assert set((collection / MANIFEST).read_text().split()) == {
        name for name in again if name not in ("mine.ann", "sub", "sub/deep.txt", MANIFEST)}


def test_brat_export_replaces_its_own_earlier_export_with_force(tmp_path: Path) -> None:
    db = make_project(tmp_path / "p.db", 3)
    out = tmp_path / "brat"
    assert export(db, out, "brat") == 0
    one = make_project(tmp_path / "one.db", 1)
    assert export(one, out, "brat") != 0  # an existing export is never replaced silently
    assert len(list(out.glob("*.txt"))) == 3
    assert export(one, out, "brat", "--force") == 0
    assert sorted(p.name for p in out.glob("*.txt")) == ["00000_doc1.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".brat.")]


@pytest.mark.parametrize("fmt", ["prodigy", "brat"])
def test_a_split_whose_second_half_fails_leaves_the_earlier_pair(
    tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out" / ("c.jsonl" if fmt == "prodigy" else "c")
    assert export(make_project(tmp_path / "old.db", 4), out, fmt, "--split", "0.5") == 0
    folder = out.parent if fmt == "prodigy" else out
    before = snapshot(folder)
    real = FORMATS[fmt]
    calls: list[Path] = []

    def second_fails(docs, path, options):  # type: ignore[no-untyped-def]
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(path))
        return real.write(docs, path, options)

    monkeypatch.setitem(FORMATS, fmt, Format(real.name, real.suffix, real.description,
                                             second_fails, real.read))
    assert export(make_project(tmp_path / "new.db", 8), out, fmt, "--split", "0.5",
                  "--force") != 0
    assert len(calls) == 2
    assert snapshot(folder) == before  # the earlier pair, and no temporaries


def test_a_failed_rename_puts_the_first_target_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    targets = [tmp_path / "a.train.jsonl", tmp_path / "a.dev.jsonl"]
    for target in targets:
        target.write_text(f"old {target.name}\n")
    staged = [temporaries.temp_name(t) for t in targets]
    for path in staged:
        path.write_text("new\n")
    real_replace = os.replace

    def fail_on_second_target(source, destination):  # type: ignore[no-untyped-def]
        if Path(destination) == targets[1] and Path(source) == staged[1]:
            raise OSError(5, "Input/output error")
        return real_replace(source, destination)

    monkeypatch.setattr(temporaries.os, "replace", fail_on_second_target)
    with pytest.raises(OSError):
        temporaries.commit_all(list(zip(staged, targets, strict=True)))
    assert [t.read_text() for t in targets] == ["old a.train.jsonl\n", "old a.dev.jsonl\n"]


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_export_removes_the_temporaries_of_a_killed_export(tmp_path: Path) -> None:
    db = make_project(tmp_path / "p.db", 3)
    out = tmp_path / "out.jsonl"
    # a real export process killed with SIGKILL while its temporary exists
    killed = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; "
         "from jkannotate.formats import temporaries; "
         "handle, path = temporaries.temp_file(Path(sys.argv[1])); "
         "import os; os.write(handle, b'x' * 4096); print(path, flush=True); time.sleep(60)",
         str(out)],
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.PIPE, text=True)
    left = Path(killed.stdout.readline().strip())  # type: ignore[union-attr]
    killed.kill()
    killed.wait()
    killed.stdout.close()  # type: ignore[union-attr]
    assert left.exists()
    host = left.name.split(".jk-")[1].split("-")[0]
    dead = tmp_path / f".out.jsonl.jk-{host}-{dead_pid()}-abc123.tmp"
    legacy_old = tmp_path / ".out.jsonl.k2j_9x0a.tmp"  # an earlier version's name, 2 hours old
    legacy_new = tmp_path / ".out.jsonl.q7w_3e4r.tmp"  # ... and one being written right now
    keep = [legacy_new, tmp_path / ".out.jsonl.notes", tmp_path / f".other.jsonl.jk-{host}-1-a.tmp"]
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as alive:
        running = tmp_path / f".out.jsonl.jk-{host}-{alive.pid}-def456.tmp"
        keep.append(running)
        for path in [dead, legacy_old, *keep]:
            path.write_bytes(b"partial")
        old = time.time() - 2 * 3600
        os.utime(legacy_old, (old, old))
        assert main(["export", str(out), "--format", "prodigy", "--db", str(db),
                     "--layer", "ann"]) == 0
        alive.kill()
    assert not left.exists() and not dead.exists() and not legacy_old.exists()
    assert all(path.exists() for path in keep)
    assert out.exists()
