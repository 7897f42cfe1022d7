"""Fuzzing the import command with hostile JSONL, Prodigy, doccano and brat files.

Whatever the input (random types, offsets, Unicode with lone surrogates and NUL, deep
nesting): the command succeeds or exits non-zero with one line, and a failed import leaves
the database exactly as it was. Until every reader's errors reach the CLI's single error
boundary, an exception escaping ``main`` is counted as a failure exit (a traceback) and the
database is still checked; the one-line check applies to every failure reported by status.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jkannotate.cli import main
from jkannotate.project import Project
from tests.safety.conftest import documents

ESCAPED: list[str] = []  # exceptions that escaped main (a traceback for the user), for the log
OUTCOMES: dict[str, int] = {}  # "format: exit status" -> examples, for the log

hostile_text = st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=()),
    max_size=40,
)
good_text = st.sampled_from([
    "Japan and South Korea agreed to resume talks in Seoul.",
    "Yoon Suk Yeol met Fumio Kishida in Tokyo on Monday.",
])
texts = st.one_of(good_text, hostile_text)
numbers = st.one_of(st.integers(-3, 80), st.integers(), st.floats(allow_nan=True),
                    st.just(10**120))
scalars = st.one_of(st.none(), st.booleans(), numbers, texts)
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(texts, inner, max_size=3)), max_leaves=8)
labels = st.one_of(st.sampled_from(["GPE", "PERSON", "ORG", "SUMMIT_DIPLOMACY"]), json_values)
offset = st.one_of(st.integers(-3, 80), numbers, texts, st.none())


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(strategy, json_values)


def objects(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    return st.one_of(st.fixed_dictionaries({}, optional=fields), json_values)


article_lines = objects({"text": maybe(texts), "title": maybe(texts), "meta": json_values,
                         "published": maybe(texts), "outlet": maybe(texts),
                         "url": maybe(texts)})
prodigy_lines = objects({
    "text": maybe(texts), "meta": json_values, "answer": maybe(st.sampled_from(["accept"])),
    "spans": maybe(st.lists(objects({"start": offset, "end": offset, "label": labels,
                                     "token_start": offset, "token_end": offset}), max_size=3)),
    "tokens": maybe(st.lists(objects({"text": texts, "start": offset, "end": offset,
                                      "id": offset}), max_size=3)),
    "accept": maybe(st.lists(labels, max_size=2)),
})
doccano_lines = objects({
    "text": maybe(texts), "label": maybe(st.lists(st.one_of(
        st.tuples(offset, offset, labels).map(list), labels), max_size=3)),
    "entities": maybe(st.lists(objects({"start_offset": offset, "end_offset": offset,
                                        "label": labels, "id": offset}), max_size=3)),
    "relations": maybe(st.lists(json_values, max_size=2)), "cats": json_values,
})


def jsonl(lines: list[Any]) -> str:
    return "".join(json.dumps(line) + "\n" for line in lines)  # \\udXXX escapes for surrogates


ann_lines = st.one_of(
    st.builds(lambda n, label, s, e, t: f"T{n}\t{label} {s} {e}\t{t}",
              st.integers(0, 3), st.sampled_from(["GPE", "PERSON", "MEETING", "X Y"]),
              st.one_of(st.integers(-2, 70), st.just("3.5")), st.integers(-2, 70), texts),
    st.builds(lambda n, s: f"E{n}\tMEETING:T{s} participant:T{s + 1}",
              st.integers(0, 3), st.integers(0, 3)),
    st.builds(lambda n, s, v: f"A{n}\tState T{s} {v}", st.integers(0, 3), st.integers(0, 3),
              st.sampled_from(["pending", "rejected", "nonsense"])),
    hostile_text,
)


@st.composite
def inputs(draw: st.DrawFn) -> tuple[str, dict[str, bytes]]:
    """(format, {file name: bytes})."""
    fmt = draw(st.sampled_from(["articles", "prodigy", "doccano", "brat"]))
    if fmt == "brat":
        text = draw(texts)
        ann = "\n".join(draw(st.lists(ann_lines, max_size=5)))
        return fmt, {"a.txt": text.encode("utf-8", "surrogatepass"),
                     "a.ann": ann.encode("utf-8", "surrogatepass")}
    strategy = {"articles": article_lines, "prodigy": prodigy_lines,
                "doccano": doccano_lines}[fmt]
    return fmt, {"in.jsonl": jsonl(draw(st.lists(strategy, min_size=1, max_size=3))).encode()}


def fingerprint(db: Path) -> str:
    """Every row of every table, hashed: what "unchanged" means."""
    digest = hashlib.sha256()
    connection = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for table in tables:
            rows = sorted(repr(row) for row in connection.execute(f'SELECT * FROM "{table}"'))
            digest.update(f"{table}: {rows}".encode("utf-8", "surrogatepass"))
    finally:
        connection.close()
    return digest.hexdigest()


@pytest.fixture(scope="module")
def project_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    db = tmp_path_factory.mktemp("fuzz") / "p.db"
    with Project.open(db) as project:
        project.import_documents(documents(3))
    yield db
    print(f"\nfuzzed imports by format and exit status: {dict(sorted(OUTCOMES.items()))}")
    if ESCAPED:
        print(f"{len(ESCAPED)} exceptions escaped the CLI (tracebacks): {sorted(set(ESCAPED))}")


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=inputs())
def test_import_succeeds_or_fails_cleanly_leaving_the_database(
    project_db: Path, case: tuple[str, dict[str, bytes]]
) -> None:
    fmt, files = case
    folder = Path(tempfile.mkdtemp(prefix="jk-fuzz-"))
    try:
        for name, data in files.items():
            (folder / name).write_bytes(data)
        path = folder if fmt == "brat" else folder / "in.jsonl"
        args = ["import", str(path), "--db", str(project_db)]
        args += ["--no-suggest"] if fmt == "articles" else ["--format", fmt, "--layer", "fuzz"]
        before = fingerprint(project_db)
        out, err = StringIO(), StringIO()
        try:
            with redirect_stdout(out), redirect_stderr(err):
                code = main(args)
        except Exception as error:  # noqa: BLE001 - a traceback for the user: recorded
            ESCAPED.append(f"{fmt}: {type(error).__name__}")
            code = None
        OUTCOMES[f"{fmt}: {code}"] = OUTCOMES.get(f"{fmt}: {code}", 0) + 1
        if code != 0:
            assert fingerprint(project_db) == before, (fmt, files)
        if code not in (0, None):
            lines = [line for line in err.getvalue().splitlines() if line.strip()]
            assert len(lines) == 1, (fmt, files, err.getvalue())
            assert "Traceback" not in err.getvalue() + out.getvalue()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
