"""Hidden temporaries beside an output, and cleaning the ones a killed run left behind.

Every temporary of an output ``NAME`` is ``.NAME.<kind>jk-<host>-<pid>-<random>[.tmp]``
in the same folder (so ``os.replace`` moves it into place). A later run writing ``NAME``
removes those whose process is gone (same host), or that are older than a day; names of
earlier versions (no host or pid) are removed once older than an hour.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import socket
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

STALE_AFTER_S = 24 * 3600
LEGACY_STALE_AFTER_S = 3600
_HOST = hashlib.sha1(socket.gethostname().encode()).hexdigest()[:6]


def _tag(kind: str) -> str:
    return f"{kind}jk-{_HOST}-{os.getpid()}-"


def temp_file(target: Path, kind: str = "") -> tuple[int, Path]:
    """An open (descriptor, path) of a new hidden file beside ``target``."""
    target = Path(target)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.{_tag(kind)}", suffix=".tmp",
                                    dir=target.parent)
    return handle, Path(name)


def temp_dir(target: Path, kind: str = "") -> Path:
    """A new hidden directory beside ``target``."""
    target = Path(target)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.{_tag(kind)}", dir=target.parent))


def temp_name(target: Path, kind: str = "") -> Path:
    """A hidden path beside ``target`` that nothing uses yet (for a writer to create)."""
    target = Path(target)
    return target.parent / f".{target.name}.{_tag(kind)}{secrets.token_hex(6)}"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"^\.{re.escape(name)}\.(?:[a-z]+-)?(?:jk-(?P<host>[0-9a-f]{{6}})-(?P<pid>\d+)-"
        rf"[A-Za-z0-9_]+|(?P<legacy>[A-Za-z0-9_]{{8}})|old-(?P<oldpid>\d+))(?:\.tmp)?$"
    )


def stale_temporaries(target: Path, now: float | None = None) -> list[Path]:
    """Temporaries of ``target`` that no running writer owns any more."""
    target = Path(target)
    if not target.parent.is_dir():
        return []
    pattern = _pattern(target.name)
    now = time.time() if now is None else now
    stale: list[Path] = []
    for entry in target.parent.iterdir():
        found = pattern.match(entry.name)
        if found is None:
            continue
        try:
            age = now - entry.lstat().st_mtime
        except OSError:
            continue
        pid = found.group("pid") or found.group("oldpid")
        if found.group("legacy"):
            gone = age > LEGACY_STALE_AFTER_S
        elif found.group("host") not in (None, _HOST):
            gone = age > STALE_AFTER_S
        else:
            gone = age > STALE_AFTER_S or (
                int(pid) != os.getpid() and not _process_alive(int(pid)))
        if gone:
            stale.append(entry)
    return stale


def clean_stale(target: Path) -> list[Path]:
    """Remove the stale temporaries of ``target``; returns what was removed."""
    removed = []
    for entry in stale_temporaries(target):
        try:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        except OSError:
            continue
        removed.append(entry)
    return removed


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


@contextmanager
def commit_all(pairs: Sequence[tuple[Path, Path]]) -> None:
    """``os.replace`` each staged path onto its target, all or none."""
    done: list[tuple[Path, Path | None]] = []  # (target, its backup)
    try:
        for staged, target in pairs:
            backup = None
            if target.exists() or target.is_symlink():
                backup = temp_name(target, "old-")
                os.replace(target, backup)
            done.append((target, backup))
            os.replace(staged, target)
    except BaseException:
        for target, backup in reversed(done):
            if backup is not None:
                if target.exists() and not target.is_symlink() and target.is_dir():
                    shutil.rmtree(target, ignore_errors=True)
                os.replace(backup, target)
            else:
                remove(target)
        raise
    for _target, backup in done:
        if backup is not None:
            remove(backup)


@contextmanager
def atomic_stream(path: Path) -> Iterator[BinaryIO]:
    """A binary stream to a hidden temporary beside ``path``, moved into place (after fsync)
    when the block ends without error and removed otherwise; stale temporaries of ``path``
    are removed first."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(path)
    handle, temp = temp_file(path)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
