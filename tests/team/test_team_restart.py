"""The database server stops and starts in the middle of a session (a real PostgreSQL
server of the tests' own, stopped with pg_ctl): edits made meanwhile are kept on this
computer and replayed once each, conflicts are reported, the command line fails in one
line, and the server never holds half a transaction."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import psycopg
import pytest
from sqlalchemy.engine import make_url

from jkannotate.core import edits as ed
from jkannotate.core.errors import ServerUnavailable
from jkannotate.core.history import LogEntry
from jkannotate.core.model import LayerKind, LayerStatus, State
from jkannotate.project import Project
from jkannotate.store.journal import EditJournal

pytestmark = pytest.mark.postgres

USER = "tester"


def states(url: str, doc_id: int = 1, owner: str = USER) -> dict[str, str]:
    """The layer's spans as a second, independent connection sees them (surface → state)."""
    with Project.open(url, user=owner) as other:
        layer = other.store.layers.get(doc_id, LayerKind.ANNOTATOR, owner)
        text = other.document_text(doc_id)
    assert layer is not None
    return {text[s.start:s.end]: s.state.value for s in layer.spans}


def log_rows(url: str) -> list[tuple[int, int, str]]:
    """(layer, version, edits) of every edit-log row that edits (not a layer's opening,
    which steps nothing), straight from the server."""
    with psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(
            hide_password=False)) as connection:
        return [tuple(row) for row in connection.execute(
            "SELECT layer_id, version, edits FROM edit_log WHERE action <> 'open' ORDER BY id")]


def span_uid(project: Project, layer, surface: str) -> str:  # type: ignore[no-untyped-def]
    text = project.document_text(layer.document_id)
    return next(s.uid for s in layer.spans if text[s.start:s.end] == surface)


def test_edits_made_while_the_server_is_down_reach_it_once_when_it_is_back(
    restartable_cluster, restart_url
):
    with Project.open(restart_url, user=USER) as project:
        journal = project.keep_offline()
        layer = project.open_layer(1)
        first = project.accept(layer, [span_uid(project, layer, "Seoul")])
        assert not journal.has_entries()

        restartable_cluster.halt()
        project.accept(layer, [span_uid(project, layer, "Tokyo")])
        project.reject(layer, [span_uid(project, layer, "Friday")])
        project.set_tag(layer, "EXPORT_CONTROLS")
        assert len(journal) == 3
        assert [k.expected for k in journal.entries()] == [
            first.version, first.version + 1, first.version + 2]
        assert layer.version == first.version + 3  # the layer in memory moved on

        restartable_cluster.resume()
        # the same engine, no reopening: the window's check replays, then edits go straight
        report = project.replay_kept()
        assert report is not None and (report.saved, report.failed) == (3, [])
        project.relabel(layer, span_uid(project, layer, "urged"), "STATEMENT")
        assert not journal.has_entries()
        stored = project.store.layers.get(1, LayerKind.ANNOTATOR, USER)
        assert stored is not None and stored.version == layer.version == first.version + 4

    assert states(restart_url) == {"Seoul": "accepted", "Tokyo": "accepted",
                                   "Friday": "rejected", "urged": "accepted"}
    versions = [version for _layer, version, _edits in log_rows(restart_url)]
    assert versions == sorted(set(versions))  # each edit exactly once, in order
    assert len(versions) == 5


def test_the_first_write_that_finds_the_server_back_sends_the_kept_edits_first(
    restartable_cluster, restart_url
):
    with Project.open(restart_url, user=USER) as project:
        journal = project.keep_offline()
        journal.retry_after = 0.0  # every write tries the server (default: not for 2 s)
        layer = project.open_layer(1)
        restartable_cluster.halt()
        project.accept(layer, [span_uid(project, layer, "Seoul")])
        project.accept(layer, [span_uid(project, layer, "Tokyo")])
        assert len(journal) == 2
        restartable_cluster.resume()
        project.reject(layer, [span_uid(project, layer, "Friday")])
        assert not journal.has_entries()
    assert states(restart_url) == {"Seoul": "accepted", "Tokyo": "accepted",
                                   "Friday": "rejected", "urged": "pending"}
    assert len(log_rows(restart_url)) == 3


def test_a_restart_between_two_edits_goes_unnoticed(restartable_cluster, restart_url):
    """pool_pre_ping replaces the connections the restart killed."""
    with Project.open(restart_url, user=USER) as project:
        journal = project.keep_offline()
        layer = project.open_layer(1)
        project.accept(layer, [span_uid(project, layer, "Seoul")])
        restartable_cluster.halt()
        restartable_cluster.resume()
        project.accept(layer, [span_uid(project, layer, "Tokyo")])
        assert not journal.has_entries()
        assert project.stats()["documents"] == 3
    assert states(restart_url)["Tokyo"] == "accepted"


def test_edits_kept_when_the_app_closes_offline_are_replayed_at_the_next_open(
    restartable_cluster, restart_url
):
    with Project.open(restart_url, user=USER) as project:
        project.keep_offline()
        layer = project.open_layer(1)
        restartable_cluster.halt()
        project.accept(layer, [span_uid(project, layer, "Seoul")])
        project.set_status(layer, LayerStatus.DONE)
    # the app is gone; what it kept is on disk
    restartable_cluster.resume()
    with Project.open(restart_url, user=USER) as again:
        journal = again.keep_offline()
        assert len(journal) == 2
        layer = again.open_layer(1)  # replays before reading
        assert not journal.has_entries()
        assert layer.status is LayerStatus.DONE
    assert states(restart_url)["Seoul"] == "accepted"


def test_a_conflict_on_replay_is_reported_and_nothing_is_applied_over_it(
    restartable_cluster, restart_url
):
    with Project.open(restart_url, user=USER) as project:
        project.keep_offline()
        mine, other_doc = project.open_layer(1), project.open_layer(3)
        restartable_cluster.halt()
        project.accept(mine, [span_uid(project, mine, "Seoul")])
        project.reject(mine, [span_uid(project, mine, "Tokyo")])
        project.accept(other_doc, [span_uid(project, other_doc, "Jeju Island")])
    restartable_cluster.resume()
    with Project.open(restart_url, user=USER) as elsewhere:  # another window, meanwhile
        layer = elsewhere.open_layer(1)
        elsewhere.reject(layer, [span_uid(elsewhere, layer, "Seoul")])

    with Project.open(restart_url, user=USER) as again:
        journal = again.keep_offline()
        heard = []
        journal.listeners.append(heard.append)
        report = again.replay_kept()
    assert report is not None and heard == [report]
    assert report.saved == 1  # the other document's edit
    assert len(report.failed) == 2  # the conflicting edit and the one that follows it
    assert "changed by someone else" in report.failed[0][1]
    assert "follows an edit" in report.failed[1][1]
    assert "accepted" in report.details()[0] and "rejected" in report.details()[1]
    assert report.unsaved_file is not None and report.unsaved_file.is_file()
    unsaved = json.loads(report.unsaved_file.read_text())
    assert [item["layer_id"] for item in unsaved["edits"]] == [mine.id, mine.id]
    assert not journal.has_entries()
    assert states(restart_url)["Seoul"] == "rejected"  # the other window's edit stands
    assert states(restart_url)["Tokyo"] == "pending"
    assert states(restart_url, 3)["Jeju Island"] == "accepted"
    assert "could not be saved" in report.line()


def test_an_edit_whose_commit_reached_the_server_is_not_applied_twice(restart_url):
    """The connection broke after the server committed but before it answered: the
    journal holds an edit the log already has, and replay counts it once."""
    with Project.open(restart_url, user=USER) as project:
        journal = project.keep_offline()
        layer = project.open_layer(1)
        before = layer.version
        uid = span_uid(project, layer, "Seoul")
        changes = project.accept(layer, [uid])
        journal.keep(layer, LogEntry(USER, changes.edits, changes.undo), before)
        report = project.replay_kept()
    assert report is not None
    assert (report.saved, report.already_saved, report.failed) == (0, 1, [])
    assert len(log_rows(restart_url)) == 1


def test_with_the_server_still_away_a_replay_keeps_everything(
    restartable_cluster, restart_url
):
    with Project.open(restart_url, user=USER) as project:
        journal = project.keep_offline()
        layer = project.open_layer(1)
        restartable_cluster.halt()
        project.accept(layer, [span_uid(project, layer, "Seoul")])
        with pytest.raises(ServerUnavailable, match="cannot reach the database server"):
            project.replay_kept()
        with pytest.raises(ServerUnavailable):
            project.open_layer(2)
        assert len(journal) == 1
        restartable_cluster.resume()
        report = project.replay_kept()
        assert report is not None and report.saved == 1


def test_a_torn_last_line_of_the_journal_is_ignored(tmp_path, restart_url):
    journal = EditJournal.for_database(restart_url, USER, tmp_path)
    with Project.open(restart_url, user=USER) as project:
        layer = project.open_layer(1)
        edit = ed.UpdateSpan.of(span_uid(project, layer, "Seoul"), state=State.ACCEPTED)
        journal.keep(layer, LogEntry(USER, [edit], []), layer.version)
    with open(journal.path, "a") as handle:
        handle.write('{"layer_id": 1, "docu')  # the crash came mid-write
    assert len(journal) == 1


# --- the command line -----------------------------------------------------------------


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jkannotate.cli", *args],
                          capture_output=True, text=True, timeout=timeout, check=False)


def test_a_command_against_a_stopped_server_fails_in_one_line(restartable_cluster, restart_url):
    restartable_cluster.halt()
    result = run_cli("accept", "--doc", "1", "--db", restart_url)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot reach the database server" in lines[0]
    assert "Traceback" not in result.stderr


def test_a_server_stopped_mid_transaction_leaves_nothing_half_written(
    restartable_cluster, restart_url
):
    """The command has updated the layer's version and spans and waits to write its log
    row when the server stops: after the restart none of it is there."""
    with Project.open(restart_url, user=USER) as project:
        before = project.open_layer(1)
    plain = make_url(restart_url).set(drivername="postgresql").render_as_string(
        hide_password=False)
    blocker = psycopg.connect(plain)
    blocker.execute("LOCK TABLE edit_log IN SHARE MODE")  # INSERTs into it wait
    command = subprocess.Popen(
        [sys.executable, "-m", "jkannotate.cli", "accept", "--doc", "1", "--db", restart_url],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        with psycopg.connect(plain, autocommit=True) as watcher:
            deadline = time.monotonic() + 60
            while not watcher.execute(
                "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND query ILIKE 'INSERT INTO edit_log%'"
            ).fetchone():
                assert command.poll() is None, command.communicate()
                assert time.monotonic() < deadline, "the command never reached its log row"
                time.sleep(0.05)
        restartable_cluster.halt()
        _out, stderr = command.communicate(timeout=60)
    finally:
        command.kill() if command.poll() is None else None
        blocker.close()
    assert command.returncode == 1
    assert len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr
    restartable_cluster.resume()
    with Project.open(restart_url, user=USER) as project:
        after = project.store.layers.get(1, LayerKind.ANNOTATOR, USER)
    assert after is not None
    assert after.version == before.version
    assert {s.uid: s.state for s in after.spans} == {s.uid: s.state for s in before.spans}
    assert log_rows(restart_url) == []


def test_a_refused_password_or_a_missing_database_is_not_offline(restartable_cluster):
    """Only a server that cannot be reached makes edits wait; a wrong password or
    database name is an error to fix, not an outage to wait out."""
    from jkannotate.core.errors import JkError

    name = restartable_cluster.create_database()
    login = f"pw_{name}"
    restartable_cluster.create_role(login, "right", name)
    try:
        wrong = restartable_cluster.url(name, user=login, password="wrong")
        with pytest.raises(JkError) as refused:
            Project.open(wrong)
        assert not isinstance(refused.value, ServerUnavailable)
        assert "wrong" not in str(refused.value)  # the password never shows
        with pytest.raises(JkError) as missing:
            Project.open(restartable_cluster.url("no_such_database"))
        assert not isinstance(missing.value, ServerUnavailable)
    finally:
        restartable_cluster.drop_database(name)


def test_the_engine_bounds_connecting_unless_the_url_says_otherwise():
    from jkannotate.store.engine import _server_connect_args

    assert _server_connect_args("postgresql+psycopg://a@h/db")["connect_timeout"] == 10
    given = _server_connect_args("postgresql+psycopg://a@h/db?connect_timeout=3")
    assert "connect_timeout" not in given and given["keepalives"] == 1
