"""The application API: what the GUI and the CLI do to a project, and nothing deeper.
The only module above the store that imports it (an import-linter contract).

Every change to annotations goes through :meth:`Project.apply` (one layer) or
:meth:`Project.rewrite_layers` (many, for long jobs): one transaction, offset-,
permission- and version-checked, in the edit log; each returns :class:`Changes`,
which carry the edits that undo them.
"""

from __future__ import annotations

import getpass
import os
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from jkannotate.core import edits as ed
from jkannotate.core import history
from jkannotate.core.environment import DATABASE_VARIABLE
from jkannotate.core.errors import ConflictError, InputError, NotFound, PermissionDenied
from jkannotate.core.gc_pause import collector_paused
from jkannotate.core.graphemes import snap_selection
from jkannotate.core.history import LogEntry
from jkannotate.core.model import (
    GOLD_OWNER,
    SUGGESTER_OWNER,
    AnnotatedDocument,
    DocTag,
    Document,
    LabelKind,
    Layer,
    LayerKind,
    LayerStatus,
    Origin,
    Role,
    Span,
    State,
)
from jkannotate.core.offsets import check_range, check_span
from jkannotate.core.schema import LabelSchema, load_schema
from jkannotate.nlp.memory import Decision, ProjectMemory, TagDecision, revise_suggestions

if TYPE_CHECKING:  # the store (SQLAlchemy) is imported when a project is opened
    from jkannotate.store import DocumentSummary, Store
    from jkannotate.store.event_reads import EventContents
    from jkannotate.store.journal import EditJournal as EditJournal
    from jkannotate.store.journal import ReplayReport as ReplayReport
    from jkannotate.store.queue import QueueQueries
    from jkannotate.store.transfer import CopiedDatabase, TableFingerprint  # noqa: F401

Progress = Callable[[int, int | None], None]  # (done, total or None)
MEMORY_SETTING = "suggester.memory"  # "off" turns the project memory off
TEXTS_KEPT = 32  # recently edited documents whose text the project keeps in memory


def requested_user() -> str | None:
    """Who the environment says works: ``$JKANNOTATE_ANNOTATOR`` (or ``$JKANNOTATE_USER``)."""
    return os.environ.get("JKANNOTATE_ANNOTATOR") or os.environ.get("JKANNOTATE_USER") or None


def default_user() -> str:
    return requested_user() or getpass.getuser() or "annotator"


def database_setting() -> tuple[str, Path]:
    """The environment variable naming the project database, and the per-user default."""
    from jkannotate.store.engine import default_db_path

    return DATABASE_VARIABLE, default_db_path()


def copy_database(
    src_db: str, dst_db: str, progress: Progress | None = None
) -> CopiedDatabase:
    """Copy a whole project (every table, ids kept) into an empty database and prove
    the copy equal (row counts and content hashes per table)."""
    from jkannotate.store.transfer import copy_database as copy

    return copy(src_db, dst_db, progress)


def layer_identity(name: str) -> tuple[LayerKind, str]:
    """``gold`` / ``suggestion`` / an annotator's name → (kind, owner)."""
    if name == GOLD_OWNER:
        return LayerKind.GOLD, GOLD_OWNER
    if name in ("suggestion", SUGGESTER_OWNER):
        return LayerKind.SUGGESTION, SUGGESTER_OWNER
    return LayerKind.ANNOTATOR, name


@dataclass(slots=True)
class ImportSummary:
    added: list[int] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    layers_added: int = 0
    layers_kept: int = 0

    def line(self) -> str:
        text = f"{len(self.added)} added, {len(self.duplicates)} already in the project"
        if self.layers_added or self.layers_kept:
            text += f", {self.layers_added} layers added, {self.layers_kept} existing layers kept"
        if self.skipped:
            text += f", {len(self.skipped)} skipped"
        return text


@dataclass(slots=True)
class Changes:
    """What one operation changed, so a view repaints only that, and how to undo it."""

    document_id: int
    layer_id: int
    version: int
    edits: list[ed.Edit]
    undo: list[ed.Edit]

    @property
    def span_uids(self) -> set[str]:
        uids: set[str] = set()
        for edit in self.edits:
            match edit:
                case ed.AddSpan(span):
                    uids.add(span.uid)
                case ed.UpdateSpan(uid) | ed.RemoveSpan(uid):
                    uids.add(uid)
        return uids

    @property
    def tags_changed(self) -> bool:
        return any(isinstance(e, ed.SetTag | ed.RemoveTag) for e in self.edits)

    @property
    def status_changed(self) -> bool:
        return any(isinstance(e, ed.SetStatus) for e in self.edits)


@dataclass(slots=True)
class Rewrite:
    """A layer's wanted contents, and the stored layer (as read) they replace: None when
    the layer is new."""

    stored: Layer | None
    wanted: Layer
    made_from: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # see ed.AddSpan


@dataclass(slots=True)
class Rewritten:
    """What :meth:`Project.rewrite_layers` wrote, and what it left as it was."""

    changes: list[Changes] = field(default_factory=list)
    layers: list[Layer] = field(default_factory=list)  # the written layers, as now stored
    conflicts: list[Rewrite] = field(default_factory=list)  # changed elsewhere since read


class Project:
    """A project database opened by one user."""

    def __init__(self, store: Store, schema: LabelSchema, user: str) -> None:
        self.store = store
        self.schema = schema
        self.user = user
        store.user = user  # the store checks every write and hides what is blind to them
        # texts never change, so lengths can be kept, and the texts being edited too
        self._text_lengths: dict[int, int] = {}
        self._texts: OrderedDict[int, str] = OrderedDict()
        self._memory: tuple[object, ProjectMemory] | None = None
        # the window's edits kept on this computer while the server is away (keep_offline)
        self.journal: EditJournal | None = None

    @classmethod
    def open(
        cls,
        db: str | os.PathLike[str] | None = None,
        *,
        user: str | None = None,
        read_only: bool = False,
    ) -> Project:
        """Open a project as ``user``. On PostgreSQL the user is the server login, and
        naming another is refused; on SQLite it defaults to the OS user. ``read_only``
        opens a SQLite file that nothing may write."""
        from jkannotate.store import Store

        store = Store(str(db) if db else None, read_only=read_only)
        try:
            user = store.users.identify(user or requested_user()) or default_user()
            schema = load_schema()
            if not read_only:
                store.settings.ensure_labels(schema)
        except BaseException:
            store.close()
            raise
        project_schema = LabelSchema(
            labels=store.settings.labels(), roles=schema.roles, role_types=schema.role_types
        )
        return cls(store, project_schema, user)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def display_url(self) -> str:
        return self.store.display_url

    # edits kept while the server is away ------------------------------------------

    def keep_offline(self) -> EditJournal:
        """From now on an edit the server cannot take is kept in this user's journal and
        replayed, in order and version-checked, when it is back (see store/journal.py)."""
        from jkannotate.store.journal import EditJournal

        self.journal = EditJournal.for_database(self.store.url, self.user)
        return self.journal

    @property
    def on_server(self) -> bool:
        """A database server (team mode), not a file on this computer."""
        return not self.store.is_sqlite

    def server_unreachable(self) -> str | None:
        """Why the server does not answer now, or None when it does (safe from any thread)."""
        from jkannotate.store.engine import unreachable

        return unreachable(self.store.engine)

    def replay_kept(
        self, progress: Callable[[int, int], None] | None = None
    ) -> ReplayReport | None:
        """Send the kept edits to the server now (ServerUnavailable when it is still away);
        ``progress(done, total)`` follows each edit."""
        if self.journal is None:
            return None
        return self.journal.replay(self.store, self._guard, progress=progress)

    def _guard(self, roles: Mapping[str, str], kind: LayerKind, owner: str) -> None:
        self.check_can_write(kind, owner, roles)
    @property
    def url(self) -> str:
        """The database URL (with its password), for a worker that opens its own project."""
        return self.store.url

    # settings, users and assignments -------------------------------------------------

    def setting(self, key: str) -> str | None:
        return self.store.settings.get(key)

    def set_setting(self, key: str, value: str) -> None:
        self.store.settings.set(key, value)

    def users(self) -> dict[str, str]:
        """Registered user → role (empty: a single-user desktop project)."""
        return self.store.users.roles()

    def register_user(self, name: str, role: str) -> str:
        return self.store.users.register(name, role)

    def bootstrap_admin(self, name: str) -> str:
        return self.store.users.bootstrap_admin(name)

    def assignments(self) -> dict[str, set[int]]:
        """Annotator → the documents assigned to them."""
        return self.store.users.assignments()

    def set_assignments(self, pairs: Sequence[tuple[int, str]]) -> None:
        self.store.users.set_assignments(pairs)

    # roles -------------------------------------------------------------------

    def role_of(self, user: str | None = None, roles: Mapping[str, str] | None = None) -> Role:
        """A project with no registered users is a single-user desktop project: full rights."""
        users = self.store.users.roles() if roles is None else roles
        if not users:
            return Role.ADMIN
        return Role(users.get(user or self.user, Role.ANNOTATOR.value))

    def check_can_write(
        self, kind: LayerKind, owner: str, roles: Mapping[str, str] | None = None
    ) -> None:
        role = self.role_of(roles=roles)
        if role is Role.ADMIN:
            return
        if kind is LayerKind.GOLD and role is not Role.REVIEWER:
            raise PermissionDenied(f"{self.user} is an {role.value}: only reviewers write gold")
        if kind is LayerKind.ANNOTATOR and owner != self.user and role is not Role.REVIEWER:
            raise PermissionDenied(f"{self.user} cannot write {owner}'s layer")

    # import --------------------------------------------------------------------

    def import_paths(
        self,
        paths: Sequence[str | Path],
        *,
        skip_bad: bool = False,
        progress: Progress | None = None,
    ) -> ImportSummary:
        """Read articles (txt, html, jsonl, directories) and store them in one transaction.

        The rows are inserted batch by batch as they are read (on a child process when a
        core is free for it, :mod:`jkannotate.ingest.intake`); only texts not stored yet
        are signed."""
        from jkannotate.ingest.duplicate_links import assign_groups
        from jkannotate.ingest.intake import ArticleBatch, ArticleStream
        from jkannotate.store.convert import meta_json

        skipped: list[str] = []
        with ArticleStream(paths, skip_bad=skip_bad, encode_meta=meta_json) as stream:

            def batches() -> Iterator[ArticleBatch]:
                done = 0
                for batch in stream:
                    skipped.extend(str(found) for found in batch.skipped)
                    if progress:
                        for count in range(done + 1, done + len(batch.rows)
                                           + len(batch.skipped) + 1):
                            progress(count, None)
                    done += len(batch.rows) + len(batch.skipped)
                    yield batch
                if not done:
                    raise InputError("no articles found in " + ", ".join(str(p) for p in paths))

            with collector_paused():
                outcome = self.store.documents.add_batches(batches(), assign_groups)
        return ImportSummary(
            added=outcome.added,
            duplicates=outcome.duplicates,
            layers_added=outcome.layers_added,
            layers_kept=outcome.layers_kept,
            skipped=skipped,
        )

    def import_documents(self, items: Sequence[AnnotatedDocument]) -> ImportSummary:
        """Store documents (with any layers they bring) and link near-duplicates."""
        from jkannotate.ingest.duplicate_links import assign_groups
        from jkannotate.ingest.duplicates import SignatureStream, signature

        roles = self.store.users.roles() if any(item.layers for item in items) else {}
        for item in items:
            for layer in item.layers:
                self.check_can_write(layer.kind, layer.owner, roles)
                for span in layer.spans:
                    check_span(item.document.text, span.start, span.end, f"span {span.label}")
        # signatures only for texts not stored yet (a re-import costs no hashing), in
        # order on a worker process while the rows are inserted
        stored = self.store.documents.stored_hashes([item.document.hash for item in items])
        unsigned = {
            item.document.hash: item.document.text
            for item in items
            if item.document.hash not in stored
        }
        position = {text_hash: k for k, text_hash in enumerate(unsigned)}
        with SignatureStream(list(unsigned.values())) as stream:

            def sign(document: Document) -> bytes:
                if document.hash not in position:  # stored before, deleted since: rare
                    return signature(document.text)
                return stream.get(position[document.hash])

            outcome = self.store.documents.add(items, sign, assign_groups)
        return ImportSummary(
            added=outcome.added,
            duplicates=outcome.duplicates,
            layers_added=outcome.layers_added,
            layers_kept=outcome.layers_kept,
        )

    # reading -------------------------------------------------------------------

    def documents(self, offset: int = 0, limit: int | None = None) -> list[DocumentSummary]:
        return self.store.statistics.summaries(offset, limit)

    def documents_mentioning(self, actor: str, *, suggestions: bool = False) -> list[int]:
        """Ids of the documents with a span linked to ``actor`` (project id, QID or name):
        decided spans of the layers the user may read, pending suggestions too on request."""
        return self.queue().documents_mentioning(actor, suggestions)

    def layer_headers(self) -> list[tuple[int, str, str, str, bool]]:
        """(document id, kind, owner, status, has spans) of every layer, in layer order:
        enough to choose a layer per document before reading any contents."""
        return self.store.events.layer_headers()

    def event_contents(self, layer: str, doc_ids: Sequence[int]) -> EventContents:
        """What the event frames of layer ``layer`` need of ``doc_ids`` (a batch of at most
        500), as tuples: no document or layer objects built."""
        return self.store.events.contents(*layer_identity(layer), doc_ids)

    def duplicate_group_dates(self) -> tuple[dict[int, int], dict[int, str]]:
        """Each grouped document's near-duplicate group, and each group's earliest date."""
        return self.store.events.group_dates()

    def document(self, doc_id: int) -> Document:
        return self.store.documents.get(doc_id)

    def document_ids(self) -> list[int]:
        return self.store.documents.ids()

    def count_documents(self) -> int:
        return self.store.documents.count()

    def summaries(self) -> list[DocumentSummary]:
        """Every document with its layers' statuses (``documents()`` pages them)."""
        return self.store.statistics.summaries()

    def publication_dates(self, doc_ids: Sequence[int]) -> dict[int, str | None]:
        return self.store.documents.publication_dates(doc_ids)

    def suggestion_models(self) -> dict[int, str]:
        """Document id → the model that made its suggestion layer."""
        return self.store.layers.suggestion_models()

    def document_text(self, doc_id: int) -> str:
        """A document's text, kept for the documents edited last (texts never change)."""
        text = self._texts.get(doc_id)
        if text is None:
            text = self._texts[doc_id] = self.document(doc_id).text
            self._text_lengths[doc_id] = len(text)
            while len(self._texts) > TEXTS_KEPT:
                self._texts.popitem(last=False)
        self._texts.move_to_end(doc_id)
        return text

    def texts(self, doc_ids: Sequence[int]) -> dict[int, str]:
        """Many documents' texts in one query (their lengths are kept for later checks)."""
        found = self.store.documents.texts(doc_ids)
        self._text_lengths.update((doc_id, len(text)) for doc_id, text in found.items())
        return found

    def text_length(self, doc_id: int) -> int:
        if doc_id not in self._text_lengths:
            self._text_lengths[doc_id] = len(self.document(doc_id).text)
        return self._text_lengths[doc_id]

    def stats(self) -> dict[str, object]:
        return self.store.statistics.totals()

    def layer(self, doc_id: int, name: str) -> Layer | None:
        kind, owner = layer_identity(name)
        return self.store.layers.get(doc_id, kind, owner)

    def layers(self, doc_id: int) -> list[Layer]:
        """A document's layers this user may see."""
        return self.store.layers.of_document(doc_id)

    def layer_versions(self, doc_ids: Sequence[int], name: str) -> dict[int, int]:
        """Document id → version of its layer ``name``, for the documents that have one."""
        kind, owner = layer_identity(name)
        return self.store.layers.versions(doc_ids, kind, owner)

    def annotated(self, doc_id: int) -> AnnotatedDocument:
        return AnnotatedDocument(self.document(doc_id), self.store.layers.of_document(doc_id))

    def annotated_many(
        self, doc_ids: Sequence[int], layers: Iterable[str] | None = None
    ) -> list[AnnotatedDocument]:
        """Many documents at once, as :meth:`annotated` gives them (only the named layers —
        ``gold``, ``suggestion`` or annotators — when ``layers`` is given), in id order given."""
        keys = None if layers is None else {layer_identity(name) for name in layers}
        return self.store.layers.annotated_documents(doc_ids, keys)

    def open_layer(self, doc_id: int, owner: str | None = None) -> Layer:
        """The annotator's layer of a document, started from the pending suggestions if new."""
        owner = owner or self.user
        kind, owner = layer_identity(owner)
        if self.journal is not None and self.journal.has_entries():
            self.replay_kept()  # the layer as stored must hold the edits kept offline
        existing = self.store.layers.get(doc_id, kind, owner)
        if existing is not None:
            return existing
        self.check_can_write(kind, owner)
        suggestion = self.store.layers.get(doc_id, LayerKind.SUGGESTION, SUGGESTER_OWNER)
        layer = Layer(document_id=doc_id, kind=kind, owner=owner)
        if suggestion is not None:
            layer.spans = [s for s in suggestion.spans if s.state is State.PENDING]
            kept = {s.uid for s in layer.spans}
            layer.arguments = [
                a for a in suggestion.arguments if a.event_uid in kept and a.argument_uid in kept
            ]
            layer.tags = [t for t in suggestion.tags if t.state is State.PENDING]
        copied = replace(layer, spans=list(layer.spans))
        if kind is LayerKind.ANNOTATOR and self.memory_enabled():
            layer.spans, layer.arguments, layer.tags = revise_suggestions(
                self.memory(), self.document_text(doc_id), layer.spans, layer.arguments,
                layer.tags,
            )
        # created at version 0 and logged as opened (with what the memory changed), on
        # nobody's undo stack: the user's first edit is the first entry of theirs
        return self.store.layers.create(layer, history.opening(self.user, copied, layer))

    # the annotation queue --------------------------------------------------------

    def queue(self) -> QueueQueries:
        """The queue's queries (one per project, so the search index is checked once)."""
        return self.store.queue

    # the project memory ------------------------------------------------------------

    def memory_enabled(self) -> bool:
        return self.store.settings.get(MEMORY_SETTING) != "off"

    def memory(self) -> ProjectMemory:
        """What people decided in this project, up to date with every stored edit.

        A team annotator's memory holds only their own layers, so it never shows them
        another annotator's decisions (blind annotation); everyone else's holds every
        annotator layer and gold.
        """
        owners: set[str] | None = None
        gold = True
        users = self.store.users.roles()
        if users and self.role_of(roles=users) is Role.ANNOTATOR:
            owners, gold = {self.user}, False
        stamp = (self.user, gold, self.store.decisions.stamp(owners, gold=gold))
        if self._memory is None or self._memory[0] != stamp:
            decisions = (
                Decision(d.surface, d.label, LabelKind(d.kind), d.state == State.ACCEPTED.value)
                for d in self.store.decisions.spans(owners, gold=gold)
            )
            tags = (
                TagDecision(d.label, d.evidence, d.state == State.ACCEPTED.value)
                for d in self.store.decisions.tags(owners, gold=gold)
            )
            self._memory = (stamp, ProjectMemory(decisions, tags))
        return self._memory[1]

    # the write path ------------------------------------------------------------

    def apply(self, layer: Layer, edits: list[ed.Edit], *, check_version: bool = True) -> Changes:
        """Apply edits to a stored layer in one transaction and update ``layer`` in memory.

        With ``check_version`` the layer must not have changed since it was loaded,
        else :class:`ConflictError` tells the user to reload. The edits and their inverse
        enter the edit log in the same transaction (see :meth:`undo`).
        """
        return self._write(layer, edits, check_version=check_version)

    def _write(
        self,
        layer: Layer,
        edits: list[ed.Edit],
        *,
        check_version: bool = True,
        action: str = history.DO,
        reverts: int | None = None,
    ) -> Changes:
        if layer.id is None or layer.document_id is None:
            raise NotFound("the layer is not stored yet; open it with open_layer()")
        self._check_offsets(layer, edits)
        if (
            action == history.DO
            and layer.status is LayerStatus.TODO
            and not any(isinstance(e, ed.SetStatus) for e in edits)
        ):
            edits = [*edits, ed.SetStatus(LayerStatus.IN_PROGRESS)]  # same transaction
        undo = ed.inverse(layer, edits)
        log = LogEntry(self.user, edits, undo, action=action, reverts=reverts)
        expected = layer.version if check_version else None
        if self.journal is not None:  # stored, or kept while the server is away
            version = self.journal.write(layer, log, expected, self.store, self._guard)
        else:
            version = self.store.layers.apply_edits(layer.id, edits, expected, log=log,
                                             guard=self._guard)
        ed.apply_to_layer(layer, edits)
        layer.version = version
        return Changes(layer.document_id, layer.id, version, edits, undo)

    def rewrite_layers(
        self,
        rewrites: Sequence[Rewrite],
        *,
        action: str = history.DO,
        skip_conflicts: bool = False,
    ) -> Rewritten:
        """Give many layers new contents in one transaction: the bulk write path (suggest,
        adjudication, gold seeding) with the checks of :meth:`apply`.

        Each layer gets the edits that turn it into its wanted contents (nothing when it
        already is), checked against the text and the user's rights, version-checked
        against the layer as it was read, and logged with their inverse under ``action``.
        A layer changed (or created) elsewhere since it was read raises
        :class:`ConflictError` and nothing is written, or with ``skip_conflicts`` is left
        as it was and returned in ``conflicts`` while the others are written.
        """
        from jkannotate.store.layers import LayerWrite

        unknown = {r.wanted.document_id for r in rewrites} - self._text_lengths.keys()
        self.texts([doc_id for doc_id in unknown if doc_id is not None])
        roles = self.store.users.roles()
        writes: list[LayerWrite] = []
        planned: list[tuple[Rewrite, Layer]] = []
        for rewrite in rewrites:
            wanted = rewrite.wanted
            if wanted.document_id is None:
                raise NotFound("a layer to write needs its document id")
            base = rewrite.stored or Layer(wanted.document_id, wanted.kind, wanted.owner)
            self.check_can_write(base.kind, base.owner, roles)
            edits = ed.rewrite(base, wanted, rewrite.made_from)
            if not edits and rewrite.stored is not None:
                continue
            self._check_offsets(base, edits)
            undo = ed.inverse(base, edits)
            log = LogEntry(self.user, edits, undo, action=action)
            expected = base.version if rewrite.stored is not None else None
            writes.append(LayerWrite(base, edits, expected, log))
            planned.append((rewrite, base))
        versions = self.store.layers.apply_batch(
            writes,
            guard=lambda users, kind, owner: self.check_can_write(kind, owner, users),
            skip_conflicts=skip_conflicts,
        )
        done = Rewritten()
        for write, (rewrite, layer), version in zip(writes, planned, versions, strict=True):
            if version is None:
                done.conflicts.append(rewrite)
                continue
            assert layer.id is not None and layer.document_id is not None and write.log
            ed.apply_to_layer(layer, list(write.edits))
            layer.version = version
            done.layers.append(layer)
            done.changes.append(
                Changes(layer.document_id, layer.id, version, write.log.edits, write.log.inverse)
            )
        return done

    def _check_offsets(self, layer: Layer, edits: Sequence[ed.Edit]) -> None:
        """Every added or moved span lies inside the document's text (before any write)."""
        assert layer.document_id is not None
        length = self.text_length(layer.document_id)
        spans = {s.uid: s for s in layer.spans}  # one lookup table, not a search per edit
        for edit in edits:
            if isinstance(edit, ed.AddSpan):
                check_range(length, edit.span.start, edit.span.end)
            elif isinstance(edit, ed.UpdateSpan):
                span = spans[edit.uid]  # KeyError before anything is written
                moved = dict(edit.changes)
                if "start" in moved or "end" in moved:
                    span = replace(span, **moved)
                    check_range(length, span.start, span.end)

    # undo and redo, from the edit log --------------------------------------------

    def _stacks(self, layer: Layer) -> history.Stacks:
        if layer.id is None:
            raise NotFound("the layer is not stored yet; open it with open_layer()")
        return history.stacks(self.store.layers.log(layer.id, self.user))

    def can_undo(self, layer: Layer) -> bool:
        return layer.id is not None and bool(self._stacks(layer).undo)

    def can_redo(self, layer: Layer) -> bool:
        return layer.id is not None and bool(self._stacks(layer).redo)

    def undo(self, layer: Layer) -> Changes | None:
        """Undo this user's latest edit of the layer that is still in effect (None when
        there is none). Each user undoes only their own edits; an edit someone else has
        changed since is not undone (:class:`ConflictError`), so nobody's work is lost."""
        stack = self._stacks(layer).undo
        if not stack:
            return None
        return self._revert(layer, stack[-1], history.UNDO)

    def redo(self, layer: Layer) -> Changes | None:
        """Redo this user's latest undone edit of the layer (None when there is none)."""
        stack = self._stacks(layer).redo
        if not stack:
            return None
        return self._revert(layer, stack[-1], history.REDO)

    def _revert(self, layer: Layer, entry: LogEntry, action: str) -> Changes:
        if not ed.still_applied(layer, entry.edits):
            raise ConflictError(
                f"cannot {action} {history.describe_entry(entry)!r} of {entry.at}: "
                "that part of the layer was changed since; reload the document to see it"
            )
        return self._write(layer, entry.inverse, action=action, reverts=entry.id)

    def history(self, doc_id: int, span_uid: str | None = None) -> list[history.HistoryLine]:
        """Who did what to a document's layers, oldest first; for one span when given,
        starting with who suggested it."""
        self.document(doc_id)  # NotFound for a wrong id
        entries: Sequence[tuple[LogEntry, str | None]]
        if span_uid is None:
            entries = [(entry, None) for entry in self.store.layers.document_log(doc_id)]
        else:  # through adjudication into gold: see history.trace
            log = self.store.layers.document_log
            entries = history.trace(span_uid, lambda uid: log(doc_id, uid))
        lines = [history.line_of(entry, uid) for entry, uid in entries]
        logged = any(e.action == history.SUGGEST and e.layer_kind == "suggestion"
                     for e, _ in entries)
        if span_uid is not None and not logged:  # suggested before suggest runs were logged
            traced = {uid for _, uid in entries} | {span_uid}
            suggestion = self.store.layers.get(doc_id, LayerKind.SUGGESTION, SUGGESTER_OWNER)
            for span in suggestion.spans if suggestion else []:
                if span.uid in traced:
                    lines.insert(
                        0,
                        history.HistoryLine(
                            at=suggestion.updated or "",  # type: ignore[union-attr]
                            who=span.source or SUGGESTER_OWNER,
                            layer="suggestion",
                            what=f"suggested {span.label}",
                            action=history.SUGGEST,
                            span=span.uid,
                        ),
                    )
        return lines

    # convenience operations over apply() ----------------------------------------

    def add_span(
        self, layer: Layer, start: int, end: int, label: str, *, exact: bool = False
    ) -> Changes:
        """A manual span, snapped to whole words unless ``exact``."""
        assert layer.document_id is not None
        text = self.document_text(layer.document_id)
        check_span(text, start, end, "selection")
        if not exact:
            start, end = snap_selection(text, start, end)
            if start == end:
                raise InputError("the selection holds no word to label")
        kind = self._span_kind(label)
        span = Span(start, end, label, kind=kind, origin=Origin.MANUAL, state=State.ACCEPTED)
        return self.apply(layer, [ed.AddSpan(span)])

    def _span_kind(self, label: str) -> LabelKind:
        if self.schema.has(label, LabelKind.ENTITY):
            return LabelKind.ENTITY
        if self.schema.has(label, LabelKind.EVENT):
            return LabelKind.EVENT
        raise InputError(f"unknown span label {label!r}")

    def relabel(self, layer: Layer, uid: str, label: str) -> Changes:
        return self.apply(
            layer,
            [ed.UpdateSpan.of(uid, label=label, kind=self._span_kind(label), state=State.ACCEPTED)],
        )

    def accept(self, layer: Layer, uids: Iterable[str]) -> Changes:
        return self.apply(layer, [ed.UpdateSpan.of(uid, state=State.ACCEPTED) for uid in uids])

    def reject(self, layer: Layer, uids: Iterable[str]) -> Changes:
        return self.apply(layer, [ed.UpdateSpan.of(uid, state=State.REJECTED) for uid in uids])

    def accept_all(self, layer: Layer) -> Changes:
        pending = [s.uid for s in layer.spans if s.state is State.PENDING]
        return self.accept(layer, pending)

    def decide_pending(
        self, layer: Layer, state: State, *, spans: bool = True, tags: bool = True
    ) -> Changes | None:
        """Give every pending span and/or tag of ``layer`` ``state``, in one transaction;
        None when nothing is pending."""
        edits: list[ed.Edit] = []
        if spans:
            edits += [ed.UpdateSpan.of(s.uid, state=state)
                      for s in layer.spans if s.state is State.PENDING]
        if tags:
            edits += [ed.SetTag(replace(t, state=state))
                      for t in layer.tags if t.state is State.PENDING]
        return self.apply(layer, edits) if edits else None

    def remove_span(self, layer: Layer, uid: str) -> Changes:
        return self.apply(layer, [ed.RemoveSpan(uid)])

    def set_tag(self, layer: Layer, label: str, state: State = State.ACCEPTED) -> Changes:
        """Set an issue tag; a suggested tag keeps its evidence and confidence."""
        if not self.schema.has(label, LabelKind.ISSUE):
            raise InputError(f"unknown issue tag {label!r}")
        old = [t for t in layer.tags if t.label == label]
        tag = replace(old[0], state=state) if old else DocTag(label=label, state=state)
        return self.apply(layer, [ed.SetTag(tag)])

    def set_status(self, layer: Layer, status: LayerStatus) -> Changes:
        return self.apply(layer, [ed.SetStatus(status)])
