"""Shared fixtures: isolated databases and environment for every test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.harness.pg_cluster import Databases


@pytest.fixture(autouse=True)
def _isolated_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test touches the user's real data dir or database."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))  # the error log goes here
    monkeypatch.delenv("JKANNOTATE_DB", raising=False)
    monkeypatch.setenv("JKANNOTATE_USER", "tester")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "project.db"


@pytest.fixture
def seeds_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "seeds"


REPO = Path(__file__).resolve().parents[1]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


# --- databases: SQLite and a real PostgreSQL server ------------------------------------
#
# ``db_url`` runs a test once on a SQLite file and once on a fresh database in a
# throwaway PostgreSQL cluster started for the session (see tests.harness.pg_cluster).
# Set JKANNOTATE_TEST_PG to a superuser URL to use an existing server instead.

DATABASES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


class _ExternalServer(Databases):
    """An existing server given by JKANNOTATE_TEST_PG (a superuser URL)."""

    def __init__(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        self.base = make_url(url).set(drivername="postgresql+psycopg")

    def url(self, database: str = "postgres", **_: object) -> str:
        return self.base.set(database=database).render_as_string(hide_password=False)

    def _admin(self):  # type: ignore[no-untyped-def]
        import psycopg

        return psycopg.connect(
            self.base.set(drivername="postgresql", database="postgres").render_as_string(
                hide_password=False
            ),
            autocommit=True,
        )



def postgres_required() -> bool:
    """CI=1 (or true) or JKANNOTATE_REQUIRE_PG=1: the postgres tests must run, not skip."""
    return any(os.environ.get(name, "").lower() in ("1", "true", "yes")
               for name in ("CI", "JKANNOTATE_REQUIRE_PG"))


@pytest.fixture(scope="session")
def pg_server():
    """One PostgreSQL server for the session, or a skip that says why there is none."""
    external = os.environ.get("JKANNOTATE_TEST_PG")
    if external:
        yield _ExternalServer(external)
        return
    from tests.harness.pg_cluster import ClusterUnavailable, TemporaryCluster

    try:
        cluster = TemporaryCluster()
    except ClusterUnavailable as reason:
        if postgres_required():  # in CI a missing server is a failure, never a silent skip
            pytest.fail(f"no PostgreSQL server for the postgres tests: {reason}", pytrace=False)
        pytest.skip(f"no PostgreSQL server for the postgres tests: {reason}")
    try:
        cluster.start()
    except RuntimeError as error:  # the binaries are there but the server does not start
        pytest.fail(f"the PostgreSQL test cluster did not start: {error}")
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_database(pg_server) -> str:  # type: ignore[no-untyped-def]
    """A fresh empty PostgreSQL database (dropped afterwards); returns its URL."""
    name = pg_server.create_database()
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture(params=DATABASES)
def db_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(db_kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """An empty project database URL: a SQLite file, or a fresh PostgreSQL database."""
    if db_kind == "sqlite":
        return f"sqlite:///{tmp_path / 'project.db'}"
    return str(request.getfixturevalue("pg_database"))
