"""Who is working and what they may do, checked against the stored rows inside the
transaction that writes; the :class:`~jkannotate.store.users.Users` repository applies them.

On PostgreSQL the user *is* the server login (``session_user``), and the same rules are
enforced by the server itself: row-level security policies installed by migration
``0007`` (see :mod:`jkannotate.store.server_roles`). The checks here give the one-line
reason before the server would refuse, and hold on SQLite, where no server is asked.

The rules: reviewers and admins write every layer; an annotator writes only their own
annotator layer and never marks it reviewed; only admins manage users and labels; only
reviewers and admins write documents, assignments and settings. Blind annotation: an
annotator sees the suggestions, their own layer and, of a document whose own layer is
finished, everyone's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, func, select, update
from sqlalchemy.orm import Session

from jkannotate.core import edits as ed
from jkannotate.core.errors import PermissionDenied
from jkannotate.core.model import GOLD_OWNER, LayerKind, LayerStatus
from jkannotate.store.tables import LayerRow, UserRow
from jkannotate.store.upsert import upsert

ADMIN, REVIEWER, ANNOTATOR = "admin", "reviewer", "annotator"
REVIEWING = frozenset({REVIEWER, ADMIN})
FINISHED_STATUSES = (LayerStatus.DONE.value, LayerStatus.REVIEWED.value)
NO_ADMIN = (
    "this project has no admin yet: the database owner runs "
    "`jkannotate init --db URL --admin NAME` first"
)

Visible = Callable[[int, LayerKind, str], bool]  # (document id, kind, owner) -> shown?


@dataclass(frozen=True, slots=True)
class Login:
    """The server login a PostgreSQL connection runs as."""

    name: str
    privileged: bool  # superuser, BYPASSRLS or owner of the tables: the policies do not bind it


def server_login(connection: Connection) -> Login:
    """``session_user`` and whether the server's policies bind it."""
    row = connection.exec_driver_sql(
        "SELECT session_user::text, r.rolsuper OR r.rolbypassrls "
        "OR pg_has_role(session_user, c.relowner, 'MEMBER') "
        "FROM pg_roles r, pg_class c "
        "WHERE r.rolname = session_user AND c.oid = to_regclass('layer')"
    ).one_or_none()
    if row is None:  # no schema yet: only the superuser path can have got here
        name = connection.exec_driver_sql("SELECT session_user::text").scalar_one()
        flags = connection.exec_driver_sql(
            "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = session_user"
        ).scalar_one()
        return Login(str(name), bool(flags))
    return Login(str(row[0]), bool(row[1]))


def stored_role(session: Session, user: str) -> str | None:
    """The user's role as stored: ``admin`` while the project has no users at all (a
    single-user project), None for someone not registered in a team project."""
    role = session.execute(select(UserRow.role).where(UserRow.name == user)).scalar_one_or_none()
    if role is not None:
        return str(role)
    if not session.execute(select(func.count()).select_from(UserRow)).scalar_one():
        return ADMIN
    return None


def role_among(users: Mapping[str, str], user: str) -> str | None:
    """:func:`stored_role` from the users table read already (name → role)."""
    if user in users:
        return users[user]
    return None if users else ADMIN


def describe(user: str, role: str | None) -> str:
    if role is None:
        return f"{user} is not a user of this project (see users add)"
    article = "an" if role[0] in "aeiou" else "a"
    return f"{user} is {article} {role}"


def require(session: Session, user: str, allowed: Iterable[str], doing: str) -> str:
    """The user's stored role, or PermissionDenied when it is not one of ``allowed``."""
    role = stored_role(session, user)
    if role in set(allowed):
        assert role is not None
        return role
    who = "admins" if set(allowed) == {ADMIN} else "reviewers and admins"
    raise PermissionDenied(f"{describe(user, role)}: only {who} {doing}")


def check_layer_write(
    session: Session,
    user: str,
    kind: LayerKind | str,
    owner: str,
    status: str | None = None,
    edits: Iterable[ed.Edit] = (),
    *,
    role: str | None = None,
) -> None:
    """Refuse a write to the layer (kind, owner) — as stored, with its stored ``status`` —
    that ``user`` may not make (``role``: theirs, when read already)."""
    kind = LayerKind(kind)
    role = role or stored_role(session, user)
    if role in REVIEWING:
        return
    who = describe(user, role)
    if kind is LayerKind.GOLD:
        raise PermissionDenied(f"{who}: only reviewers and admins write {GOLD_OWNER}")
    if kind is LayerKind.SUGGESTION:
        raise PermissionDenied(f"{who}: only reviewers and admins write the suggestions")
    if owner != user:
        raise PermissionDenied(f"{who}: {user} cannot write {owner}'s layer")
    if status == LayerStatus.REVIEWED.value:
        raise PermissionDenied(f"{who}: this layer is reviewed; only a reviewer reopens it")
    if any(isinstance(e, ed.SetStatus) and e.status is LayerStatus.REVIEWED for e in edits):
        raise PermissionDenied(f"{who}: only reviewers and admins mark a layer reviewed")


def visibility(session: Session, user: str) -> Visible | None:
    """Which layers ``user`` may see (blind annotation); None when they see everything."""
    if stored_role(session, user) in REVIEWING:
        return None
    finished = set(
        session.execute(
            select(LayerRow.document_id).where(
                LayerRow.kind == LayerKind.ANNOTATOR.value,
                LayerRow.owner == user,
                LayerRow.status.in_(FINISHED_STATUSES),
            )
        ).scalars()
    )

    def visible(doc_id: int, kind: LayerKind, owner: str) -> bool:
        if kind is LayerKind.SUGGESTION or (kind is LayerKind.ANNOTATOR and owner == user):
            return True
        return doc_id in finished

    return visible


def admins(session: Session) -> set[str]:
    return set(
        session.execute(select(UserRow.name).where(UserRow.role == ADMIN)).scalars()
    )


def upsert_user(session: Session, name: str, role: str, stamp: str) -> None:
    upsert(session, UserRow, ["name"], {"name": name, "role": role, "created": stamp})
    session.execute(  # keep the first registration's date
        update(UserRow).where(UserRow.name == name).values(role=role)
    )
