"""Roles enforced by PostgreSQL: each team member logs in as themselves, and what their
role forbids is refused by the server — through jkannotate and through raw SQL."""

from __future__ import annotations

import psycopg
import pytest

from jkannotate.cli import main
from jkannotate.core.errors import PermissionDenied
from jkannotate.core.model import AnnotatedDocument, Document, LayerStatus
from jkannotate.project import Project

pytestmark = pytest.mark.postgres

TEXT = "Japan and South Korea agreed to resume their shuttle diplomacy in Seoul."


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def team(team_server, capsys):  # type: ignore[no-untyped-def]
    """init by the owner; lead adds mina, bob (annotators) and rita (reviewer) and imports."""
    server = team_server
    code, _, err = run(capsys, "init", "--db", server.url(server.owner), "--admin", "lead")
    assert code == 0, err
    for name, role in (("mina", "annotator"), ("bob", "annotator"), ("rita", "reviewer")):
        code, _, err = run(capsys, "users", "add", name, "--role", role, "--db", server.url("lead"))
        assert code == 0, err
    with Project.open(server.url("lead")) as lead:
        assert lead.user == "lead"
        lead.import_documents([AnnotatedDocument(Document(TEXT, title="shuttle"))])
    with Project.open(server.url("bob")) as bob:
        layer = bob.open_layer(1)
        bob.add_span(layer, 0, 5, "GPE")
        bob.set_status(layer, LayerStatus.DONE)
    return server


def refused(connection: psycopg.Connection, statement: str) -> bool:
    """Whether the server refuses the statement or lets it change nothing."""
    try:
        with connection.transaction():
            cursor = connection.execute(statement)
            changed = cursor.rowcount
            raise _Rollback(changed)
    except psycopg.errors.InsufficientPrivilege:
        return True
    except _Rollback as outcome:
        return outcome.changed == 0


class _Rollback(Exception):
    def __init__(self, changed: int) -> None:
        self.changed = changed


def test_the_user_is_the_server_login(team, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with Project.open(team.url("mina")) as mina:
        assert mina.user == "mina"
    with pytest.raises(PermissionDenied, match="database login mina") as caught:
        Project.open(team.url("mina"), user="lead")
    assert "\n" not in str(caught.value) and team.passwords["mina"] not in str(caught.value)
    code, _, err = run(
        capsys,
        "users",
        "add",
        "eve",
        "--role",
        "admin",
        "--db",
        team.url("mina"),
        "--annotator",
        "lead",
    )
    assert code == 1 and "database login mina" in err and len(err.strip().splitlines()) == 1
    monkeypatch.setenv("JKANNOTATE_ANNOTATOR", "rita")
    code, _, err = run(capsys, "adjudicate", "--db", team.url("mina"))
    assert code == 1 and "may only name that login, not rita" in err
    monkeypatch.setenv("JKANNOTATE_ANNOTATOR", "mina")
    code, _, err = run(capsys, "adjudicate", "--db", team.url("mina"))
    assert code == 1 and "mina is an annotator" in err  # messages name the login


def test_an_annotator_is_refused_by_the_server_in_raw_sql(team) -> None:  # type: ignore[no-untyped-def]
    with team.connect("mina") as mina:
        # blind: bob's finished layer is invisible while hers is not done
        assert mina.execute("SELECT owner FROM layer").fetchall() == []
        for statement in (
            """INSERT INTO "user" (name, role, created) VALUES ('eve', 'admin', '')""",
            """UPDATE "user" SET role = 'admin' WHERE name = 'mina'""",
            """DELETE FROM "user" WHERE name = 'lead'""",
            "INSERT INTO layer (document_id, kind, owner, status, notes, version, created, "
            "updated) VALUES (1, 'gold', 'gold', 'todo', '', 0, '', '')",
            "INSERT INTO layer (document_id, kind, owner, status, notes, version, created, "
            "updated) VALUES (1, 'annotator', 'bob', 'todo', '', 0, '', '')",
            "UPDATE layer SET status = 'todo' WHERE owner = 'bob'",
            "DELETE FROM span",
            "INSERT INTO assignment (document_id, annotator) VALUES (1, 'mina')",
            "INSERT INTO label (name, kind, colour, key, guideline) "
            "VALUES ('X', 'entity', '#000', '', '')",
            "UPDATE label SET colour = '#000000'",
            "INSERT INTO document (hash, title, text, meta, created) "
            "VALUES ('h', 't', 'x', '{}', '')",
            "UPDATE document SET title = 'mine'",
            "INSERT INTO setting (key, value) VALUES ('model', '/tmp/evil')",
            "SELECT jk_add_user('mina', 'admin', '')",
        ):
            assert refused(mina, statement), statement
        # her own layer: she may write it, but never mark it reviewed or sign as someone else
        mina.execute(
            "INSERT INTO layer (document_id, kind, owner, status, notes, version, created, "
            "updated) VALUES (1, 'annotator', 'mina', 'todo', '', 0, '', '')"
        )
        mina.commit()
        own = mina.execute("SELECT id FROM layer WHERE owner = 'mina'").fetchone()[0]
        assert refused(mina, f"UPDATE layer SET status = 'reviewed' WHERE id = {own}")
        assert refused(
            mina,
            "INSERT INTO comment (layer_id, uid, author, text, created) "
            f"VALUES ({own}, 'c1', 'lead', 'signed by lead', '')",
        )
        assert not refused(
            mina,
            "INSERT INTO comment (layer_id, uid, author, text, created) "
            f"VALUES ({own}, 'c2', 'mina', 'mine', '')",
        )
        mina.execute(f"UPDATE layer SET status = 'done' WHERE id = {own}")
        mina.commit()
        owners = {row[0] for row in mina.execute("SELECT owner FROM layer").fetchall()}
        assert owners == {"mina", "bob"}  # done: now she may read bob's, still not write it
        assert refused(mina, "UPDATE layer SET notes = 'x' WHERE owner = 'bob'")


def test_a_reviewer_writes_gold_but_not_users_or_labels(team) -> None:  # type: ignore[no-untyped-def]
    with team.connect("rita") as rita:
        assert {row[0] for row in rita.execute("SELECT owner FROM layer")} == {"bob"}
        for statement in (
            """INSERT INTO "user" (name, role, created) VALUES ('rita2', 'admin', '')""",
            """UPDATE "user" SET role = 'admin' WHERE name = 'rita'""",
            "INSERT INTO label (name, kind, colour, key, guideline) "
            "VALUES ('X', 'entity', '#000', '', '')",
            "SELECT jk_add_user('rita', 'admin', '')",
            "INSERT INTO comment (layer_id, uid, author, text, created) "
            "SELECT id, 'c9', 'lead', 'as lead', '' FROM layer WHERE owner = 'bob'",
        ):
            assert refused(rita, statement), statement
        for statement in (
            "INSERT INTO layer (document_id, kind, owner, status, notes, version, created, "
            "updated) VALUES (1, 'gold', 'gold', 'todo', '', 0, '', '')",
            "INSERT INTO assignment (document_id, annotator) VALUES (1, 'mina')",
            "INSERT INTO comment (layer_id, uid, author, text, created) "
            "SELECT id, 'c8', 'rita', 'check this', '' FROM layer WHERE owner = 'bob'",
        ):
            assert not refused(rita, statement), statement


def test_an_admin_manages_users_and_labels_but_signs_only_as_herself(team) -> None:  # type: ignore[no-untyped-def]
    with team.connect("lead") as lead:
        for statement in (
            "INSERT INTO label (name, kind, colour, key, guideline) "
            "VALUES ('X', 'entity', '#000', '', '')",
            """UPDATE "user" SET role = 'reviewer' WHERE name = 'mina'""",
        ):
            assert not refused(lead, statement), statement
        assert refused(
            lead,
            "INSERT INTO comment (layer_id, uid, author, text, created) "
            "SELECT id, 'c7', 'rita', 'as rita', '' FROM layer WHERE owner = 'bob'",
        )
    with team.connect("mina") as mina:  # a login outside every project table stays out
        assert mina.execute("SELECT count(*) FROM document").fetchone()[0] == 1


def test_users_add_grants_the_group_role_and_nobody_races_the_owner(team_server, capsys) -> None:  # type: ignore[no-untyped-def]
    server = team_server
    Project.open(server.url(server.owner)).close()  # the owner creates the schema, no admin
    server.create_login("kim")
    with server.superuser() as su:  # kim is in a group: she may connect and read
        su.execute("GRANT jk_annotator TO kim")
    code, _, err = run(capsys, "users", "add", "kim", "--role", "admin", "--db", server.url("kim"))
    assert code == 1 and "init" in err and "no admin" in err
    with server.connect("kim") as kim:
        assert refused(
            kim, """INSERT INTO "user" (name, role, created) VALUES ('kim', 'admin', '')"""
        )
    code, _, err = run(capsys, "init", "--db", server.url("kim"), "--admin", "kim")
    assert code == 1 and "init runs as the owner" in err

    code, out, err = run(capsys, "init", "--db", server.url(server.owner), "--admin", "lead")
    assert code == 0 and "lead: admin" in out, err
    code, _, err = run(capsys, "init", "--db", server.url(server.owner), "--admin", "kim")
    assert code == 1 and "already has an admin (lead)" in err
    code, out, err = run(
        capsys, "users", "add", "newcomer_x", "--role", "reviewer", "--db", server.url("lead")
    )
    assert code == 0 and "server login newcomer_x created" in out, err
    with server.superuser() as su:
        member = su.execute(
            "SELECT pg_has_role('newcomer_x', 'jk_reviewer', 'MEMBER'), "
            "pg_has_role('newcomer_x', 'jk_admin', 'MEMBER')"
        ).fetchone()
    assert member == (True, False)
    code, _, err = run(
        capsys, "users", "add", "lead", "--role", "annotator", "--db", server.url("lead")
    )
    assert code == 1 and "only admin" in err
