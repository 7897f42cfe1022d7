"""A team on the real PostgreSQL test cluster: an owner login (with CREATEROLE) that owns
a fresh database, and one password login per team member, as the README sets them up."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import psycopg
import pytest
from psycopg import sql

from tests.harness.pg_cluster import SUPERUSER


@dataclass
class TeamServer:
    """One project database on the test cluster and the logins that work on it."""

    cluster: object
    database: str
    owner: str
    passwords: dict[str, str] = field(default_factory=dict)

    @property
    def port(self) -> int:
        return int(self.cluster.port)  # type: ignore[attr-defined]

    def superuser(self) -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        )

    def password_for(self, login: str) -> str:
        """Give ``login`` a password (the login must exist: createuser or users add)."""
        secret = self.passwords.setdefault(login, f"pw-{login}-{uuid.uuid4().hex[:6]}")
        with self.superuser() as connection:
            connection.execute(
                sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                    sql.Identifier(login), sql.Literal(secret)
                )
            )
        return secret

    def create_login(self, login: str) -> None:
        """What ``createuser --pwprompt LOGIN`` does (a login that may exist from another test)."""
        with self.superuser() as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)
            ).fetchone()
            if not exists:
                connection.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(login)))
        self.password_for(login)

    def url(self, login: str) -> str:
        """A URL with the password in it (masked in every message)."""
        secret = self.passwords.get(login) or self.password_for(login)
        return f"postgresql+psycopg://{login}:{secret}@127.0.0.1:{self.port}/{self.database}"

    def connect(self, login: str) -> psycopg.Connection:
        """A raw SQL connection as ``login`` (no jkannotate in between)."""
        secret = self.passwords.get(login) or self.password_for(login)
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=login, password=secret, dbname=self.database
        )


@pytest.fixture
def team_server(pg_server, monkeypatch: pytest.MonkeyPatch) -> Iterator[TeamServer]:  # type: ignore[no-untyped-def]
    """A fresh database owned by a new owner login with CREATEROLE (not a superuser).
    Nobody claims a name in the environment: each command works as its login."""
    monkeypatch.delenv("JKANNOTATE_USER", raising=False)
    monkeypatch.delenv("JKANNOTATE_ANNOTATOR", raising=False)
    if not hasattr(pg_server, "port"):
        pytest.skip("team-server tests need the throwaway cluster (JKANNOTATE_TEST_PG is set)")
    database = pg_server.create_database()
    owner = f"owner_{database}"
    server = TeamServer(pg_server, database, owner)
    with server.superuser() as connection:
        connection.execute(sql.SQL("CREATE ROLE {} LOGIN CREATEROLE").format(sql.Identifier(owner)))
        connection.execute(
            sql.SQL("ALTER DATABASE {} OWNER TO {}").format(
                sql.Identifier(database), sql.Identifier(owner)
            )
        )
    server.password_for(owner)
    yield server
    pg_server.drop_database(database)


# --- a server of its own, to stop and start in the middle of a session ---------------


@pytest.fixture(scope="session")
def restartable_cluster():  # type: ignore[no-untyped-def]
    """A throwaway cluster only the restart tests use: stopping it ends nobody else's test.
    Each test leaves it running."""
    from tests.conftest import postgres_required
    from tests.harness.pg_cluster import ClusterUnavailable, TemporaryCluster

    try:
        cluster = TemporaryCluster()
    except ClusterUnavailable as reason:
        if postgres_required():
            pytest.fail(f"no PostgreSQL server for the restart tests: {reason}", pytrace=False)
        pytest.skip(f"no PostgreSQL server for the restart tests: {reason}")
    cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture
def restart_url(restartable_cluster) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A fresh database on the restartable cluster holding the three test articles with
    their suggestions (the server is running again after the test, whatever it did)."""
    from jkannotate.project import Project
    from tests.gui.conftest import build_items

    name = restartable_cluster.create_database()
    url = restartable_cluster.url(name)
    with Project.open(url) as project:
        project.import_documents(build_items())
    yield url
    if not restartable_cluster.started:
        restartable_cluster.resume()
    restartable_cluster.drop_database(name)
