"""The project's people: users and their roles (on PostgreSQL also the server logins),
who the working user is, and which documents are assigned to whom."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, insert, select

from jkannotate.core.errors import PermissionDenied
from jkannotate.store import server_roles
from jkannotate.store.database import Database, now_iso
from jkannotate.store.roles import (
    ADMIN,
    NO_ADMIN,
    REVIEWING,
    admins,
    require,
    stored_role,
    upsert_user,
)
from jkannotate.store.tables import AssignmentRow, UserRow


class Users:
    """Users, roles and assignments; every method is one transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def identify(self, requested: str | None) -> str | None:
        """Who works: on PostgreSQL the login, and ``requested`` only if it names that
        login (a login the policies do not bind may name anyone: it could write any row
        anyway). On SQLite ``requested`` as given (None: the caller picks the OS user)."""
        login = self.db.login()
        if login is None:
            return requested
        if requested and requested != login.name and not login.privileged:
            raise PermissionDenied(
                f"you are the database login {login.name} on {self.db.display_url}; "
                f"--annotator/$JKANNOTATE_ANNOTATOR may only name that login, not {requested}"
            )
        return requested or login.name

    def roles(self) -> dict[str, str]:
        """User name → stored role, by name."""
        with self.db.read() as session:
            return {
                r.name: r.role
                for r in session.execute(select(UserRow).order_by(UserRow.name)).scalars()
            }

    def role(self, user: str) -> str | None:
        """``user``'s stored role (``admin`` in a project without users; None: unregistered)."""
        with self.db.read() as session:
            return stored_role(session, user)

    def set_role(self, name: str, role: str) -> None:
        """Store a user's role (only the table: see :meth:`register` for server logins);
        once the project has an admin, only an admin may."""
        user = self.db.user
        with self.db.write() as session:
            if user is not None and admins(session):
                require(session, user, {ADMIN}, "manage users")
            upsert_user(session, name, role, now_iso())

    def register(self, name: str, role: str) -> str:
        """Give ``name`` the project role ``role``; on PostgreSQL also the server login
        (created when missing) and membership of the group role ``jk_<role>``.

        Returns "created" when a server login was created, else "registered". The caller
        must be an admin; while the project has no admin, nobody but the database owner
        (``init``) may register anyone on a server.
        """
        login = self.db.login()
        user = self.db.user
        stamp = now_iso()
        if login is not None and not login.privileged:
            with self.db.write() as session:  # the server checks everything itself
                return server_roles.add_user(session, name, role, stamp)
        with self.db.write() as session:
            current = admins(session)
            if user is not None and current:
                require(session, user, {ADMIN}, "manage users")
            elif login is None and user is not None and role == ADMIN:
                users = session.execute(select(func.count()).select_from(UserRow)).scalar_one()
                if users:  # a SQLite team without an admin: only init makes the first one
                    raise PermissionDenied(NO_ADMIN)
            if current == {name} and role != ADMIN:
                raise PermissionDenied(f"{name} is the only admin; make someone else admin first")
            created = server_roles.grant(session, name, role) if login is not None else False
            upsert_user(session, name, role, stamp)
            return "created" if created else "registered"

    def bootstrap_admin(self, name: str) -> str:
        """``init``: make ``name`` the project's first admin. On PostgreSQL only a login
        the policies do not bind (the tables' owner or a superuser) may, so nobody can
        race the owner to it."""
        login = self.db.login()
        if login is not None and not login.privileged:
            raise PermissionDenied(
                f"the database login {login.name} does not own {self.db.display_url}: "
                "init runs as the owner of the project's tables"
            )
        with self.db.write() as session:
            server_roles.lock_users(session)
            current = admins(session)
            if current and name not in current:
                raise PermissionDenied(
                    f"{self.db.display_url} already has an admin ({', '.join(sorted(current))}); "
                    "admins add others with `jkannotate users add NAME --role admin`"
                )
            created = server_roles.grant(session, name, ADMIN) if login is not None else False
            upsert_user(session, name, ADMIN, now_iso())
            return "created" if created else "registered"

    # assignments ---------------------------------------------------------------------

    def set_assignments(self, pairs: Sequence[tuple[int, str]]) -> None:
        """Replace every assignment with ``pairs`` of (document id, annotator)."""
        with self.db.write() as session:
            if self.db.user is not None:
                require(session, self.db.user, REVIEWING, "assign documents")
            session.execute(delete(AssignmentRow))
            if pairs:
                session.execute(
                    insert(AssignmentRow), [{"document_id": d, "annotator": a} for d, a in pairs]
                )

    def assignments(self) -> dict[str, set[int]]:
        """Annotator → the ids of the documents assigned to them."""
        with self.db.read() as session:
            result: dict[str, set[int]] = {}
            for doc_id, annotator in session.execute(
                select(AssignmentRow.document_id, AssignmentRow.annotator)
            ):
                result.setdefault(annotator, set()).add(doc_id)
            return result
