"""Edits kept on this computer while the database server cannot be reached.

The window writes through an :class:`EditJournal`: an edit the server cannot take
(stopped, restarting, network down) is appended to a small JSON-lines file in the user's
data directory, with the layer version it expects, and the layer in memory moves on as if
it were stored. While the journal holds edits, new ones queue behind them, so each
layer's edits reach the server in the order they were made. :meth:`EditJournal.replay`
sends them through the normal write path (:meth:`Layers.apply_edits`: role check, version
check, edit log), oldest first, once the server is back — at the next edit, the next
document opened, the window's reconnect check or the next start of the window.

An edit whose layer someone else changed meanwhile is not applied over their work: it and
the later edits of that layer are reported and written to an ``unsaved`` file next to the
journal, never dropped silently. Replay is idempotent: an edit whose commit reached the
server just before the connection broke is found in the edit log and counted once.

Every append is one ``write`` + ``fsync`` of one line (a line cut short by a crash was
never acknowledged and is ignored); every rewrite goes to a temporary file that replaces
the journal. A lock file serialises windows of the same user on the same database; a
second one lets one replay run at a time while edits are still appended behind it (a
window replays off its GUI thread, and an edit made meanwhile queues behind the replay,
which sends it too).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import appdirs
from sqlalchemy.engine import make_url

from jkannotate.core import edits as ed
from jkannotate.core.errors import ConflictError, JkError, ServerUnavailable
from jkannotate.core.history import DO, LogEntry
from jkannotate.core.model import Layer, LayerKind
from jkannotate.store.engine import mask_url

if TYPE_CHECKING:
    from jkannotate.store.layers import Guard
    from jkannotate.store.store import Store

try:  # POSIX; elsewhere one window per project is assumed
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

FORMAT = 1
# after the server failed a write, writes within this many seconds are kept at once
# instead of each waiting for a connection attempt (up to libpq's connect timeout when
# the network, not the server, is down); replay() always tries
RETRY_AFTER_S = 2.0


def journal_folder() -> Path:
    return Path(appdirs.user_data_dir("jkannotate")) / "offline"


@dataclass(slots=True)
class KeptEdit:
    """One batch of edits to one layer, made while the server was away."""

    layer_id: int
    document_id: int
    layer: str  # the layer's name: its owner, or gold
    expected: int | None  # the layer version the edits were made on
    edits: list[ed.Edit]
    undo: list[ed.Edit]
    action: str = DO
    reverts: int | None = None
    at: str = ""

    def describe(self) -> str:
        what = ed.describe(self.edits, self.undo)
        return f"document {self.document_id}, {self.layer}'s layer: {what}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "layer_id": self.layer_id, "document_id": self.document_id, "layer": self.layer,
            "expected": self.expected, "action": self.action, "reverts": self.reverts,
            "at": self.at, "edits": json.loads(ed.edits_to_json(self.edits)),
            "undo": json.loads(ed.edits_to_json(self.undo)),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> KeptEdit:
        return cls(
            layer_id=int(data["layer_id"]), document_id=int(data["document_id"]),
            layer=str(data["layer"]), expected=data["expected"],
            edits=ed.edits_from_json(json.dumps(data["edits"])),
            undo=ed.edits_from_json(json.dumps(data["undo"])),
            action=str(data.get("action", DO)), reverts=data.get("reverts"),
            at=str(data.get("at", "")),
        )


@dataclass(slots=True)
class ReplayReport:
    """What a replay did: saved, found saved already, refused (with why), still kept."""

    saved: int = 0
    already_saved: int = 0  # their commit reached the server as the connection broke
    failed: list[tuple[KeptEdit, str]] = field(default_factory=list)
    remaining: int = 0  # still kept: the server went away again during the replay
    unsaved_file: Path | None = None
    documents: set[int] = field(default_factory=set)  # documents whose layers got edits

    @property
    def failed_layers(self) -> set[int]:
        return {kept.layer_id for kept, _ in self.failed}

    def line(self) -> str:
        stored = self.saved + self.already_saved
        text = f"{stored} kept edit{'s' if stored != 1 else ''} saved"
        if self.failed:
            text += (f"; {len(self.failed)} could not be saved (listed in "
                     f"{self.unsaved_file})")
        if self.remaining:
            text += f"; {self.remaining} still kept (the server went away again)"
        return text

    def details(self) -> list[str]:
        """One line per edit that could not be saved: what it was and why."""
        return [f"{kept.describe()} — {reason}" for kept, reason in self.failed]


def _layer_name(layer: Layer) -> str:
    return layer.owner if layer.kind is LayerKind.ANNOTATOR else layer.kind.value


class EditJournal:
    """The kept edits of one user on one database, in a file of their own."""

    def __init__(self, path: Path, database: str, user: str) -> None:
        self.path = path
        self.database = database  # shown, password masked
        self.user = user
        self.listeners: list[Callable[[ReplayReport], None]] = []
        self.retry_after = RETRY_AFTER_S
        # False: a write while edits are kept queues behind them and leaves sending them to
        # the caller's own replay (a window replays off its GUI thread)
        self.replay_on_write = True
        self._quiet_until = 0.0  # monotonic time before which writes do not try the server

    @classmethod
    def for_database(cls, url: str, user: str, folder: Path | None = None) -> EditJournal:
        """The journal of ``user`` on the database at ``url`` (any password left out)."""
        try:
            identity = make_url(url).set(password=None).render_as_string(hide_password=False)
        except Exception:  # noqa: BLE001 — any URL still names one journal
            identity = mask_url(url)
        key = hashlib.sha256(f"{identity}\n{user}".encode()).hexdigest()[:16]
        return cls((folder or journal_folder()) / f"{key}.jsonl", mask_url(url), user)

    # reading and writing the file ---------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_suffix(".lock"), "a") as lock:
            if fcntl is not None:
                fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                if fcntl is not None:
                    fcntl.flock(lock, fcntl.LOCK_UN)

    @contextmanager
    def _replaying(self, wait: bool) -> Iterator[bool]:
        """Hold the replay lock (True), or yield False at once when ``wait`` is off and
        another replay holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_suffix(".replay.lock"), "a") as lock:
            if fcntl is None:
                yield True
                return
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def server_answered(self) -> None:
        """The server took edits on another connection (a replay on another thread):
        writes go to it again at once."""
        self._quiet_until = 0.0

    def has_entries(self) -> bool:
        """Cheap (one ``stat``): is anything kept? Asked before every write."""
        try:
            return self.path.stat().st_size > 0
        except FileNotFoundError:
            return False

    def entries(self) -> list[KeptEdit]:
        """The kept edits, oldest first (a last line cut short by a crash is left out)."""
        try:
            lines = self.path.read_text(encoding="utf-8").split("\n")
        except FileNotFoundError:
            return []
        kept: list[KeptEdit] = []
        for line in lines[1:]:
            if not line.strip():
                continue
            try:
                kept.append(KeptEdit.from_dict(json.loads(line)))
            except (ValueError, KeyError, TypeError):
                continue  # torn by a crash while it was written: never acknowledged
        return kept

    def __len__(self) -> int:
        return len(self.entries()) if self.has_entries() else 0

    def _header(self) -> str:
        return json.dumps({"jkannotate_offline_edits": FORMAT, "database": self.database,
                           "user": self.user}, ensure_ascii=False) + "\n"

    def keep(self, layer: Layer, log: LogEntry, expected: int | None) -> int:
        """Append one batch of edits; returns the version the layer has in memory now."""
        assert layer.id is not None and layer.document_id is not None
        kept = KeptEdit(layer.id, layer.document_id, _layer_name(layer), expected,
                        list(log.edits), list(log.inverse), log.action, log.reverts,
                        datetime.now(UTC).isoformat(timespec="seconds"))
        line = json.dumps(kept.to_dict(), ensure_ascii=False) + "\n"
        with self._locked():
            fresh = not self.has_entries()
            descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                if fresh:
                    os.ftruncate(descriptor, 0)
                _write_all(descriptor, ((self._header() if fresh else "") + line).encode())
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
        return (layer.version if expected is None else expected) + 1

    def _rewrite(self, entries: list[KeptEdit]) -> None:
        """Replace the journal by ``entries`` (removing it when there are none)."""
        if not entries:
            self.path.unlink(missing_ok=True)
            return
        text = self._header() + "".join(
            json.dumps(kept.to_dict(), ensure_ascii=False) + "\n" for kept in entries
        )
        _write_atomically(self.path, text)

    def _save_unsaved(self, failed: list[tuple[KeptEdit, str]]) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        path = self.path.with_name(f"{self.path.stem}-unsaved-{stamp}.json")
        report = {
            "database": self.database,
            "user": self.user,
            "written": datetime.now(UTC).isoformat(timespec="seconds"),
            "edits": [{"what": kept.describe(), "reason": reason, **kept.to_dict()}
                      for kept, reason in failed],
        }
        _write_atomically(path, json.dumps(report, ensure_ascii=False, indent=1) + "\n")
        return path

    # the write path and the replay --------------------------------------------------

    def write(
        self, layer: Layer, log: LogEntry, expected: int | None, store: Store, guard: Guard
    ) -> int:
        """Store the edits, or keep them when the server cannot be reached; returns the
        layer's new version. Kept edits go first, so nothing overtakes them."""
        assert layer.id is not None
        if time.monotonic() < self._quiet_until:
            return self.keep(layer, log, expected)
        try:
            if self.has_entries() and (
                not self.replay_on_write or self.replay(store, guard, wait=False) is None
            ):
                return self.keep(layer, log, expected)  # behind the edits a replay sends
            return store.layers.apply_edits(layer.id, log.edits, expected, log=log, guard=guard)
        except ServerUnavailable:
            self._quiet_until = time.monotonic() + self.retry_after
            return self.keep(layer, log, expected)

    def replay(
        self,
        store: Store,
        guard: Guard,
        *,
        progress: Callable[[int, int], None] | None = None,
        wait: bool = True,
    ) -> ReplayReport | None:
        """Send the kept edits to the server, oldest first, each in its own transaction;
        edits kept while it runs are sent too, after them. ``progress(done, total)``
        follows each edit.

        Raises :class:`ServerUnavailable` (keeping what is left) when the server is
        still, or again, away. Listeners hear of every replay that saved or refused
        anything. With ``wait`` off, returns None at once when another replay runs.
        """
        with self._replaying(wait) as replaying:
            if not replaying:
                return None
            return self._replay_all(store, guard, progress)

    def _replay_all(
        self, store: Store, guard: Guard, progress: Callable[[int, int], None] | None
    ) -> ReplayReport:
        report = ReplayReport()
        with self._locked():
            entries = self.entries()
        if not entries:
            self._quiet_until = 0.0
            return report
        blocked: set[int] = set()  # layers whose later edits cannot follow
        done = 0
        try:
            while done < len(entries):
                kept = entries[done]
                if kept.layer_id in blocked:
                    report.failed.append(
                        (kept, "it follows an edit of this layer that could not be saved"))
                else:
                    self._replay_one(store, guard, kept, report, blocked)
                done += 1
                if progress is not None:
                    progress(done, len(entries))
                if done == len(entries):  # kept meanwhile: they follow (only appends happen)
                    with self._locked():
                        entries = self.entries()
            self._quiet_until = 0.0  # the server took them: writes go to it again
        except ServerUnavailable:
            self._quiet_until = time.monotonic() + self.retry_after
            raise
        finally:
            if report.failed:
                report.unsaved_file = self._save_unsaved(report.failed)
            with self._locked():
                rest = self.entries()[done:]
                self._rewrite(rest)
            report.remaining = len(rest)
            if report.saved or report.already_saved or report.failed:
                for listener in list(self.listeners):
                    listener(report)
        return report

    def _replay_one(
        self, store: Store, guard: Guard, kept: KeptEdit, report: ReplayReport, blocked: set[int]
    ) -> None:
        log = LogEntry(self.user, kept.edits, kept.undo, action=kept.action,
                       reverts=kept.reverts)
        try:
            store.layers.apply_edits(kept.layer_id, kept.edits, kept.expected, log=log, guard=guard)
            report.saved += 1
            report.documents.add(kept.document_id)
        except ConflictError as error:
            if self._already_saved(store, kept):
                report.already_saved += 1
                return
            del error  # its advice (reload, redo) is the window's to give
            report.failed.append((kept, "the layer was changed by someone else meanwhile; "
                                        "not applied over their work"))
            blocked.add(kept.layer_id)
        except ServerUnavailable:
            raise
        except JkError as error:  # refused: role changed, layer or span gone, …
            report.failed.append((kept, str(error)))
            blocked.add(kept.layer_id)

    def _already_saved(self, store: Store, kept: KeptEdit) -> bool:
        """The edits are in the log as the version they were to make, by this user: their
        commit reached the server although its answer did not reach us."""
        if kept.expected is None:
            return False
        wanted = ed.edits_to_json(kept.edits)
        return any(
            entry.version == kept.expected + 1 and ed.edits_to_json(entry.edits) == wanted
            for entry in store.layers.log(kept.layer_id, self.user)
        )


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        _write_all(descriptor, text.encode("utf-8"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    os.replace(temporary, path)


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view):]
