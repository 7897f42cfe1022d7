"""The README's "Team mode" script, run line by line against the real PostgreSQL test
cluster: every ``jkannotate`` command through the CLI, every ``psql`` statement as the
login it names. Lines marked ``# refused`` must be refused (the server changes nothing);
the rest must succeed. Interactive steps are done the way a person would: ``--pwprompt``
and ``\\password`` set a password, ``~/.pgpass`` gets the real one."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from jkannotate.cli import main
from jkannotate.project import Project

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

README = Path(__file__).resolve().parents[2] / "README.md"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def team_script() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Team mode") :]
    block = section[section.index("```sh") + len("```sh") : section.index("```\n", 10)]
    return [line for line in block.splitlines() if line.strip() and not line.startswith("#")]


def split_comment(line: str) -> tuple[list[str], str | None]:
    """The command's words and its trailing ``# ...`` comment (outside quotes)."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=False)
    lexer.whitespace_split = True
    lexer.commenters = ""
    words = list(lexer)
    if "#" in words:
        at = words.index("#")
        return words[:at], " ".join(words[at + 1 :])
    return words, None


def test_the_readme_team_script_runs_as_written(  # type: ignore[no-untyped-def]
    team_server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    server = team_server
    host = f"127.0.0.1:{server.port}"
    database = server.database
    monkeypatch.chdir(tmp_path)
    pgpass = tmp_path / "pgpass"
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    owner = {"jkowner": server.owner}  # the fixture made the owner and its database

    def local(text: str) -> str:
        text = text.replace("db.example.org", host).replace("/jkproject", f"/{database}")
        for name, real in owner.items():
            text = text.replace(f"//{name}@", f"//{real}@")
        return text.replace("articles/", str(SEEDS))

    def remember(login: str) -> None:
        secret = server.passwords.get(login) or server.password_for(login)
        with pgpass.open("a") as file:
            file.write(f"127.0.0.1:{server.port}:{database}:{login}:{secret}\n")
        pgpass.chmod(0o600)

    remember(server.owner)
    refusals = 0
    ran: list[str] = []
    for line in team_script():
        words, comment = split_comment(line)
        expect_refusal = bool(comment and comment.startswith("refused"))
        program = words[0]
        if program in ("createuser", "createdb"):
            continue  # done by the fixture: a fresh owner with CREATEROLE and its database
        if program == "export":
            name, value = words[1].split("=", 1)
            monkeypatch.setenv(name, local(value))
        elif program == "echo":
            login = words[1].split(":")[3]
            remember(login)
        elif program == "psql":
            login = words[words.index("-U") + 1]
            statement = words[words.index("-c") + 1]
            if statement.startswith("\\password"):
                remember(statement.split()[1])
                continue
            with server.connect(login) as connection:
                try:
                    changed = connection.execute(statement).rowcount
                    connection.commit()
                except psycopg.errors.InsufficientPrivilege:
                    changed = 0
            assert (changed == 0) == expect_refusal, line
            refusals += expect_refusal
        elif program == "jkannotate":
            code = main([local(word) for word in words[1:]])
            out, err = capsys.readouterr()
            if expect_refusal:
                reason = comment.split(":", 1)[1].strip() if comment and ":" in comment else ""
                assert code == 1 and reason in err and len(err.strip().splitlines()) == 1, (
                    line,
                    err,
                )
                refusals += 1
            else:
                assert code == 0, (line, err)
        else:
            raise AssertionError(f"the test does not know how to run: {line}")
        ran.append(program)

    assert refusals >= 6 and ran.count("jkannotate") >= 12
    # what the script built: the team, the assignment, rita's gold, and a faithful backup
    with Project.open(local(f"postgresql://{server.owner}@db.example.org/jkproject")) as project:
        assert project.store.users.roles() == {
            "alice": "annotator",
            "bob": "annotator",
            "lead": "admin",
            "rita": "reviewer",
        }
        assert set(project.store.users.assignments()) == {"alice", "bob"}
        documents = project.store.documents.ids()
    assert len(documents) == len([p for p in SEEDS.iterdir() if p.is_file()])
    with Project.open(tmp_path / "backup.db", user="lead") as backup:
        assert backup.store.documents.ids() == documents
    assert (tmp_path / "alice.png").stat().st_size > 0
    with server.superuser() as su:
        rows = su.execute(
            sql.SQL("SELECT rolname FROM pg_roles WHERE pg_has_role(rolname, {}, 'MEMBER')").format(
                sql.Literal("jk_annotator")
            )
        ).fetchall()
    assert {"alice", "bob"} <= {row[0] for row in rows}
    assert re.search("row-level security", README.read_text())
