"""`.ci/run` gives the shared-PostgreSQL test run a database of its own and drops it on exit."""

from __future__ import annotations

import re
from pathlib import Path

SCRIPT = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")


def test_ci_database_run_uses_its_own_database() -> None:
    name = re.search(r'ci_db="(kingpin_ci_\$\$[^"]*)"', SCRIPT)
    assert name, "the run's database name must carry the run's pid"
    assert 'sql "CREATE DATABASE \\"$ci_db\\""' in SCRIPT
    assert re.search(r"trap '.*DROP DATABASE IF EXISTS .*\$ci_db.*' EXIT", SCRIPT)
    tests = re.search(r'KINGPIN_TEST_DATABASE_URL="([^"]+)"', SCRIPT)
    assert tests and tests[1].endswith("/$ci_db"), "the tests must connect to the run's database"
    assert "5432/postgres\" \\\n" not in SCRIPT
