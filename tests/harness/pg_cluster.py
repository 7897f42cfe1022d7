"""A throwaway local PostgreSQL cluster: for the test suite, the benchmarks and trying team mode.

``TemporaryCluster`` runs ``initdb`` and ``pg_ctl`` from the Debian/PGDG packages in a
temporary directory, listening on 127.0.0.1 at a free port and on a Unix socket in that
directory. PostgreSQL refuses to run as root, so under root the server runs as the
unprivileged ``postgres`` account (created by the Debian package) via ``runuser``.

The superuser ``jk`` logs in without a password (trust) from 127.0.0.1 and the socket;
every other role must give a password (scram-sha-256), so password handling can be
tested against a real server.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

SUPERUSER = "jk"


def find_server_bin() -> Path | None:
    """The directory holding ``initdb`` and ``pg_ctl``, or None when PostgreSQL is absent."""
    found = shutil.which("pg_ctl")
    candidates = [Path(found).resolve().parent] if found else []
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
    )
    candidates += [Path(p) for p in reversed(versions)]
    for directory in candidates:
        if (directory / "initdb").exists() and (directory / "pg_ctl").exists():
            return directory
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ClusterUnavailable(RuntimeError):
    """No server binaries, or no unprivileged account to run them as."""


class Databases:
    """Fresh databases on a server, made and dropped over its superuser's connection
    (``_admin``)."""

    def _admin(self):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def create_database(self, name: str | None = None) -> str:
        """A fresh, empty database; returns its name."""
        name = name or f"jk_{uuid.uuid4().hex[:12]}"
        with self._admin() as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        with self._admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class TemporaryCluster(Databases):
    """Start with :meth:`start`, stop and delete with :meth:`stop`."""

    def __init__(self, *, fsync: bool = False) -> None:
        self.bin = find_server_bin()
        if self.bin is None:
            raise ClusterUnavailable(
                "PostgreSQL server binaries (initdb, pg_ctl) not found; "
                "install the Debian package 'postgresql'"
            )
        self.run_as: str | None = None
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError as error:
                raise ClusterUnavailable(
                    "running as root and there is no 'postgres' account to run the server as"
                ) from error
            self.run_as = "postgres"
        self.fsync = fsync
        self.port = _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="jk-pg-"))
        self.data = self.root / "data"
        self.started = False

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:2])} failed: {result.stderr or result.stdout}")

    def start(self) -> TemporaryCluster:
        if self.run_as:
            shutil.chown(self.root, user=self.run_as)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "-E",
            "UTF8",
            "--no-locale",
            "--auth=trust",
        )
        (self.data / "pg_hba.conf").write_text(
            f"local all {SUPERUSER} trust\n"
            f"host all {SUPERUSER} 127.0.0.1/32 trust\n"
            "local all all scram-sha-256\n"
            "host all all 127.0.0.1/32 scram-sha-256\n"
        )
        self.resume()
        return self

    def resume(self) -> None:
        """Start the server (again, after :meth:`halt`) on the same port and data."""
        options = f"-h 127.0.0.1 -p {self.port} -k {self.root} -c max_connections=200"
        if not self.fsync:
            options += " -F -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-o",
            options,
            "start",
        )
        self.started = True

    def halt(self, mode: str = "fast") -> None:
        """Stop the server but keep its data (``fast``: sessions are ended, open
        transactions rolled back; ``immediate``: as if the machine lost power)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")
        self.started = False

    def stop(self) -> None:
        if self.started:
            self.halt("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> TemporaryCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # URLs and databases --------------------------------------------------------

    def url(
        self,
        database: str = "postgres",
        *,
        user: str = SUPERUSER,
        socket_dir: bool = False,
        password: str | None = None,
    ) -> str:
        """A ``postgresql+psycopg://`` URL over TCP on 127.0.0.1, or over the Unix socket."""
        auth = user if password is None else f"{user}:{password}"
        if socket_dir:
            return f"postgresql+psycopg://{auth}@/{database}?host={self.root}&port={self.port}"
        return f"postgresql+psycopg://{auth}@127.0.0.1:{self.port}/{database}"

    def _admin(self):
        import psycopg

        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        )

    def create_role(self, name: str, password: str, database: str) -> None:
        """A login role with a password that owns ``database`` (for password tests)."""
        from psycopg import sql

        with self._admin() as connection:
            connection.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                    sql.Identifier(name), sql.Literal(password)
                )
            )
            connection.execute(
                sql.SQL("ALTER DATABASE {} OWNER TO {}").format(
                    sql.Identifier(database), sql.Identifier(name)
                )
            )
