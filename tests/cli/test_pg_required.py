"""In CI (CI=1 or JKANNOTATE_REQUIRE_PG=1) the PostgreSQL tests fail when no server can start;
elsewhere they skip with the reason. Runs pytest on one postgres test with the server
binaries hidden (a plugin makes the cluster finder find none)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TARGET = "tests/store/test_migrations.py::test_fresh_database_schema_equals_the_tables[postgresql]"
PLUGIN = """
import tests.harness.pg_cluster as cluster
cluster.find_server_bin = lambda: None  # as on a machine without PostgreSQL
"""


def run_without_server(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "no_pg_plugin.py").write_text(PLUGIN)
    env = {k: v for k, v in os.environ.items()
           if k not in ("CI", "JKANNOTATE_REQUIRE_PG", "JKANNOTATE_TEST_PG")}
    env.update(extra, PYTHONPATH=os.pathsep.join([str(tmp_path), str(REPO)]))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no_pg_plugin", "-p", "no:cacheprovider",
         "-W", "ignore::DeprecationWarning", TARGET],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
@pytest.mark.parametrize("variable", ["CI", "JKANNOTATE_REQUIRE_PG"])
def test_postgres_tests_fail_in_ci_without_a_server(tmp_path: Path, variable: str) -> None:
    result = run_without_server(tmp_path, **{variable: "1"})
    assert result.returncode != 0, result.stdout
    assert "no PostgreSQL server for the postgres tests" in result.stdout
    assert "skipped" not in result.stdout.splitlines()[-1]


@pytest.mark.slow
def test_postgres_tests_skip_elsewhere_with_the_reason(tmp_path: Path) -> None:
    result = run_without_server(tmp_path)
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout.splitlines()[-1]
