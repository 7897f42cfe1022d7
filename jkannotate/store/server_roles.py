"""Roles enforced by PostgreSQL itself: group roles, row-level security policies and the
functions they use (installed by migration ``0007``), and registering users on the server.

- ``jk_annotator``, ``jk_reviewer`` and ``jk_admin`` are group roles (no login). Being a
  member of one gives a login access to the project's tables; ``users add`` grants the
  group of the user's role (and revokes the other two). Group roles belong to the whole
  server, so what a login may do *in a project* is its role in that project's ``user``
  table, which the policies read through ``jk_role()``; only admins write that table.
- Policies mirror :mod:`jkannotate.store.roles`: registered users read documents,
  labels, settings and assignments; an annotator reads the suggestions, their own
  layer, and everyone's layers of documents whose own layer is done or reviewed (blind
  annotation), and writes only their own annotator layer (never to ``reviewed``) with its
  spans, arguments, tags and comments; reviewers and admins write every layer,
  documents, assignments and settings; admins manage users and labels. A comment's
  author is always the login.
- The tables' owner and superusers are not bound by the policies (PostgreSQL exempts
  them); they create the schema and run ``jkannotate init``.
"""

from __future__ import annotations

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from jkannotate.core.errors import InputError, PermissionDenied

GROUPS = {"annotator": "jk_annotator", "reviewer": "jk_reviewer", "admin": "jk_admin"}
TABLES = (
    "label",
    "document",
    "layer",
    "span",
    "event_argument",
    "doc_tag",
    "comment",
    "user",
    "assignment",
    "setting",
    "edit_log",
)
CONTENT_TABLES = ("span", "event_argument", "doc_tag")
USERS_LOCK = 0x6A6B_0003  # advisory lock: one registration of the first admin at a time

_FUNCTIONS = """
CREATE OR REPLACE FUNCTION jk_role() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS
$$ SELECT role FROM "user" WHERE name = session_user $$;

CREATE OR REPLACE FUNCTION jk_reviewing() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS
$$ SELECT coalesce(jk_role() IN ('reviewer', 'admin'), false) $$;

CREATE OR REPLACE FUNCTION jk_finished_documents() RETURNS SETOF integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS
$$ SELECT document_id FROM layer WHERE kind = 'annotator' AND owner = session_user
   AND status IN ('done', 'reviewed') $$;

CREATE OR REPLACE FUNCTION jk_may_write(kind text, owner text, status text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = {schema}, pg_temp AS
$$ SELECT jk_reviewing() OR (kind = 'annotator' AND owner = session_user
   AND status <> 'reviewed' AND jk_role() IS NOT NULL) $$;

CREATE OR REPLACE FUNCTION jk_add_user(who text, wanted text, stamp text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS
$$
DECLARE
  made boolean := false;
  other text;
BEGIN
  IF wanted NOT IN ('annotator', 'reviewer', 'admin') THEN
    RAISE EXCEPTION 'unknown role %', wanted USING ERRCODE = '22023';
  END IF;
  IF who IS NULL OR who = '' OR who LIKE 'pg\\_%' OR who LIKE 'jk\\_%' THEN
    RAISE EXCEPTION '% cannot be a user name', quote_literal(who) USING ERRCODE = '22023';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM "user" WHERE role = 'admin') THEN
    RAISE EXCEPTION 'this project has no admin yet: the database owner runs '
      '`jkannotate init --db URL --admin NAME` first' USING ERRCODE = '42501';
  END IF;
  IF jk_role() IS DISTINCT FROM 'admin' THEN
    RAISE EXCEPTION '% is not an admin of this project: only admins manage users',
      session_user USING ERRCODE = '42501';
  END IF;
  IF wanted <> 'admin' AND NOT EXISTS (
      SELECT 1 FROM "user" WHERE role = 'admin' AND name <> who) THEN
    RAISE EXCEPTION '% is the only admin; make someone else admin first', who
      USING ERRCODE = '42501';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = who) THEN
    EXECUTE format('CREATE ROLE %I LOGIN', who);
    made := true;
  END IF;
  EXECUTE format('GRANT %I TO %I', 'jk_' || wanted, who);
  FOREACH other IN ARRAY ARRAY['annotator', 'reviewer', 'admin'] LOOP
    IF other <> wanted AND pg_has_role(who, 'jk_' || other, 'MEMBER') THEN
      EXECUTE format('REVOKE %I FROM %I', 'jk_' || other, who);
    END IF;
  END LOOP;
  INSERT INTO "user" (name, role, created) VALUES (who, wanted, stamp)
    ON CONFLICT (name) DO UPDATE SET role = EXCLUDED.role;
  RETURN CASE WHEN made THEN 'created' ELSE 'registered' END;
END
$$;
"""

_POLICIES = """
CREATE POLICY jk_read ON label FOR SELECT USING ((SELECT jk_role()) IS NOT NULL);
CREATE POLICY jk_write ON label FOR ALL
  USING ((SELECT jk_role()) = 'admin') WITH CHECK ((SELECT jk_role()) = 'admin');

CREATE POLICY jk_read ON "user" FOR SELECT USING (true);
CREATE POLICY jk_write ON "user" FOR ALL
  USING ((SELECT jk_role()) = 'admin') WITH CHECK ((SELECT jk_role()) = 'admin');

CREATE POLICY jk_read ON document FOR SELECT USING ((SELECT jk_role()) IS NOT NULL);
CREATE POLICY jk_read ON setting FOR SELECT USING ((SELECT jk_role()) IS NOT NULL);
CREATE POLICY jk_read ON assignment FOR SELECT USING ((SELECT jk_role()) IS NOT NULL);
CREATE POLICY jk_write ON document FOR ALL
  USING ((SELECT jk_reviewing())) WITH CHECK ((SELECT jk_reviewing()));
CREATE POLICY jk_write ON setting FOR ALL
  USING ((SELECT jk_reviewing())) WITH CHECK ((SELECT jk_reviewing()));
CREATE POLICY jk_write ON assignment FOR ALL
  USING ((SELECT jk_reviewing())) WITH CHECK ((SELECT jk_reviewing()));

CREATE POLICY jk_read ON layer FOR SELECT USING (
  (SELECT jk_reviewing())
  OR ((SELECT jk_role()) IS NOT NULL AND (
      kind = 'suggestion'
      OR (kind = 'annotator' AND owner = session_user)
      OR document_id IN (SELECT jk_finished_documents()))));
CREATE POLICY jk_write ON layer FOR ALL
  USING (jk_may_write(kind, owner, status)) WITH CHECK (jk_may_write(kind, owner, status));

CREATE POLICY jk_read ON comment FOR SELECT
  USING (EXISTS (SELECT 1 FROM layer l WHERE l.id = layer_id));
CREATE POLICY jk_add ON comment FOR INSERT WITH CHECK (
  author = session_user AND ((SELECT jk_reviewing()) OR EXISTS (
    SELECT 1 FROM layer l WHERE l.id = layer_id AND l.kind = 'annotator'
    AND l.owner = session_user)));
CREATE POLICY jk_change ON comment FOR UPDATE
  USING (author = session_user OR (SELECT jk_role()) = 'admin')
  WITH CHECK (author = session_user OR (SELECT jk_role()) = 'admin');
CREATE POLICY jk_remove ON comment FOR DELETE
  USING (author = session_user OR (SELECT jk_role()) = 'admin');

CREATE POLICY jk_read ON edit_log FOR SELECT
  USING (EXISTS (SELECT 1 FROM layer l WHERE l.id = layer_id));
CREATE POLICY jk_add ON edit_log FOR INSERT WITH CHECK (
  author = session_user AND EXISTS (SELECT 1 FROM layer l WHERE l.id = layer_id
                                    AND jk_may_write(l.kind, l.owner, l.status)));
"""

_CONTENT_POLICIES = """
CREATE POLICY jk_read ON {table} FOR SELECT
  USING (EXISTS (SELECT 1 FROM layer l WHERE l.id = layer_id));
CREATE POLICY jk_write ON {table} FOR ALL
  USING (EXISTS (SELECT 1 FROM layer l WHERE l.id = layer_id
                 AND jk_may_write(l.kind, l.owner, l.status)))
  WITH CHECK (EXISTS (SELECT 1 FROM layer l WHERE l.id = layer_id
                      AND jk_may_write(l.kind, l.owner, l.status)));
"""


def _statements(script: str) -> list[str]:
    """Split on ``;`` at line ends outside ``$$`` bodies."""
    statements, current, quoted = [], [], False
    for line in script.splitlines():
        current.append(line)
        quoted ^= line.count("$$") % 2 == 1
        if not quoted and line.rstrip().endswith(";"):
            statements.append("\n".join(current).strip())
            current = []
    return [s for s in statements if s]


def _create_groups(connection: Connection) -> None:
    for group in GROUPS.values():
        connection.exec_driver_sql(
            "DO $$ BEGIN "
            f"IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{group}') THEN "
            f"CREATE ROLE {group} NOLOGIN; END IF; "
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; "
            "END $$"
        )


def install(connection: Connection) -> None:
    """Create the group roles (if the server has none yet), grant them the tables, and
    install the policies and their functions. Needs a login that may create roles the
    first time (a superuser or one with CREATEROLE)."""
    try:
        _create_groups(connection)
    except DBAPIError as error:
        raise PermissionDenied(
            "creating the group roles jk_annotator, jk_reviewer and jk_admin needs a login "
            "with CREATEROLE (createuser --createrole OWNER); "
            f"the server said: {str(error.orig).strip().splitlines()[0]}"
        ) from error
    quote = connection.dialect.identifier_preparer.quote
    schema = quote(connection.exec_driver_sql("SELECT current_schema()").scalar_one())
    groups = ", ".join(GROUPS.values())
    tables = ", ".join(quote(t) for t in TABLES)
    connection.exec_driver_sql(
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {tables} TO {groups}"
    )
    connection.exec_driver_sql(f"GRANT SELECT ON alembic_version TO {groups}")
    connection.exec_driver_sql(
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {groups}"
    )
    for statement in _statements(_FUNCTIONS.format(schema=schema)):
        connection.exec_driver_sql(statement.replace("%", "%%"))
    connection.exec_driver_sql("REVOKE ALL ON FUNCTION jk_add_user(text, text, text) FROM PUBLIC")
    connection.exec_driver_sql(
        f"GRANT EXECUTE ON FUNCTION jk_add_user(text, text, text) TO {groups}"
    )
    for table in TABLES:
        connection.exec_driver_sql(f"ALTER TABLE {quote(table)} ENABLE ROW LEVEL SECURITY")
    script = _POLICIES + "".join(_CONTENT_POLICIES.format(table=t) for t in CONTENT_TABLES)
    for statement in _statements(script):
        connection.exec_driver_sql(statement)


def uninstall(connection: Connection) -> None:
    """Drop the policies and functions (the group roles stay: other databases may use them)."""
    quote = connection.dialect.identifier_preparer.quote
    groups = ", ".join(GROUPS.values())
    for table in TABLES:
        for name in ("jk_read", "jk_write", "jk_add", "jk_change", "jk_remove"):
            connection.exec_driver_sql(f"DROP POLICY IF EXISTS {name} ON {quote(table)}")
        connection.exec_driver_sql(f"ALTER TABLE {quote(table)} DISABLE ROW LEVEL SECURITY")
        connection.exec_driver_sql(f"REVOKE ALL ON {quote(table)} FROM {groups}")
    connection.exec_driver_sql(f"REVOKE ALL ON alembic_version FROM {groups}")
    for signature in (
        "jk_add_user(text, text, text)",
        "jk_may_write(text, text, text)",
        "jk_finished_documents()",
        "jk_reviewing()",
        "jk_role()",
    ):
        connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {signature}")


# registering users ----------------------------------------------------------------


def _refusal(error: DBAPIError) -> str:
    return str(error.orig).strip().splitlines()[0]


def add_user(session: Session, name: str, role: str, stamp: str) -> str:
    """Register through ``jk_add_user`` (the server checks that the login is an admin)."""
    try:
        with session.begin_nested():
            result = session.execute(
                text("SELECT jk_add_user(:who, :wanted, :stamp)"),
                {"who": name, "wanted": role, "stamp": stamp},
            ).scalar_one()
    except DBAPIError as error:
        code = getattr(error.orig, "sqlstate", None)
        if code == "22023":
            raise InputError(_refusal(error)) from error
        raise PermissionDenied(f"the server refused: {_refusal(error)}") from error
    return str(result)


def grant(session: Session, name: str, role: str) -> bool:
    """As a login the policies do not bind: create ``name``'s login if missing and make it
    a member of the role's group (only). Returns whether the login was created."""
    if name.startswith(("pg_", "jk_")):
        raise InputError(f"{name!r} cannot be a user name (pg_ and jk_ name server roles)")
    connection = session.connection()
    quote = connection.dialect.identifier_preparer.quote
    exists = connection.execute(
        text("SELECT 1 FROM pg_roles WHERE rolname = :name"), {"name": name}
    ).first()
    try:
        with session.begin_nested():
            if not exists:
                connection.exec_driver_sql(f"CREATE ROLE {quote(name)} LOGIN")
            connection.exec_driver_sql(f"GRANT {GROUPS[role]} TO {quote(name)}")
            for other, group in GROUPS.items():
                if other != role:
                    connection.exec_driver_sql(f"REVOKE {group} FROM {quote(name)}")
    except DBAPIError as error:
        raise PermissionDenied(
            f"cannot give the login {name} the group role {GROUPS[role]}: {_refusal(error)} "
            "(the project's owner needs CREATEROLE)"
        ) from error
    return not exists


def lock_users(session: Session) -> None:
    """Serialise registering the first admin (SQLite's BEGIN IMMEDIATE already does)."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection().exec_driver_sql(f"SELECT pg_advisory_xact_lock({USERS_LOCK})")
