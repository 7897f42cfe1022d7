"""Passwords come from ~/.pgpass, PGPASSFILE or PGPASSWORD, and never show in any message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from jkannotate.cli import main
from jkannotate.core.errors import JkError
from jkannotate.core.model import AnnotatedDocument, Document
from jkannotate.project import Project
from jkannotate.store import Store, mask_url, resolve_url
from jkannotate.store.engine import scrub

SECRET = "Kimchi-Sushi#2023"  # '#' must be %-encoded in a URL: tests both forms
ROLE = "mina"
REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.postgres


@pytest.fixture
def team_db(pg_server) -> str:  # type: ignore[no-untyped-def]
    """A database owned by a role that must log in with a password; returns its name."""
    if not hasattr(pg_server, "create_role"):
        pytest.skip("password tests need the throwaway cluster (JKANNOTATE_TEST_PG is set)")
    name = pg_server.create_database()
    pg_server.create_role(f"{ROLE}_{name}", SECRET, name)
    with pg_server._admin() as connection:  # the owner creates the team's group roles
        connection.execute(f"ALTER ROLE {ROLE}_{name} CREATEROLE")
    yield name
    pg_server.drop_database(name)


def url_for(pg_server, name: str, password: str | None = None) -> str:  # type: ignore[no-untyped-def]
    from urllib.parse import quote

    secret = None if password is None else quote(password, safe="")
    return pg_server.url(name, user=f"{ROLE}_{name}", password=secret)


def test_masking_hides_plain_and_encoded_passwords() -> None:
    url = f"postgresql://mina:{'Kimchi-Sushi%232023'}@db.example.org:5432/team"
    assert "Kimchi" not in mask_url(url) and "***" in mask_url(url)
    assert resolve_url(url).startswith("postgresql+psycopg://")  # our driver, not psycopg2
    message = f"could not connect with Kimchi-Sushi#2023 (Kimchi-Sushi%232023) to {url}"
    assert "Kimchi" not in scrub(message, url)


def test_wrong_password_error_names_the_server_but_not_the_password(
    pg_server, team_db: str, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    wrong = SECRET + "-wrong"
    url = url_for(pg_server, team_db, wrong)
    with pytest.raises(JkError) as raised:
        Store(url)
    message = str(raised.value)
    assert "password authentication failed" in message
    assert "Kimchi" not in message and "***" in message
    assert main(["docs", "--db", url]) == 1
    captured = capsys.readouterr()
    assert "password authentication failed" in captured.err
    assert "Kimchi" not in captured.err + captured.out


def test_password_from_pgpassfile_and_from_environment(
    pg_server, team_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    url = url_for(pg_server, team_db)  # no password in the URL
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "absent"))
    with pytest.raises(JkError, match="no password supplied|password authentication failed"):
        Store(url)

    passfile = tmp_path / "pgpass"
    passfile.write_text(f"127.0.0.1:*:{team_db}:{ROLE}_{team_db}:{SECRET}\n")
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    with Project.open(url, user="mina") as project:
        assert project.store.documents.count() == 0
        assert "Kimchi" not in project.display_url

    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "absent"))
    monkeypatch.setenv("PGPASSWORD", SECRET)
    with Project.open(url, user="mina") as project:
        assert len(project.schema.labels) > 0


def test_help_and_success_messages_never_print_the_password(
    pg_server, team_db: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    url = url_for(pg_server, team_db, SECRET)
    article = tmp_path / "a.txt"
    article.write_text("Japan and South Korea agreed to resume shuttle diplomacy.\n")
    env = {**os.environ, "JKANNOTATE_DB": url, "PYTHONPATH": str(REPO)}
    outputs = []
    for args in (
        ["--help"],
        ["copy", "--help"],
        ["import", "--help"],
        ["import", str(article), "--no-suggest"],
        ["docs"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "jkannotate.cli", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout + result.stderr)
    assert "1 added" in outputs[3] and "***" in outputs[3]
    for output in outputs:
        assert "Kimchi" not in output


def test_a_login_with_only_table_grants_is_kept_out_by_the_policies(
    pg_server, team_db: str
) -> None:  # type: ignore[no-untyped-def]
    """The old README's set-up (manual GRANTs, no registration) no longer lets anyone in:
    a login that is not a user of the project reads nothing and writes nothing, and it
    may not work under another name."""
    owner_url = url_for(pg_server, team_db, SECRET)
    with Project.open(owner_url, user="lead") as owner:
        owner.import_documents([AnnotatedDocument(Document("Seoul and Tokyo met.", title="t"))])
    annotator = f"annotator_{team_db}"
    with pg_server._admin() as connection:
        connection.execute(f"CREATE ROLE {annotator} LOGIN PASSWORD 'pw-{team_db}'")
    owner = Store(owner_url)
    with owner.engine.begin() as connection:
        connection.exec_driver_sql(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {annotator}"
        )
        connection.exec_driver_sql(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {annotator}")
    owner.close()
    url = pg_server.url(team_db, user=annotator, password=f"pw-{team_db}")
    with pytest.raises(JkError, match=f"database login {annotator}"):
        Project.open(url, user="mina")
    with Project.open(url, user=annotator) as project:
        assert project.store.documents.ids() == []
        with pytest.raises(JkError, match="the server refused the database login"):
            project.import_documents([AnnotatedDocument(Document("Another.", title="a"))])
        with pytest.raises(JkError):
            project.open_layer(1)
