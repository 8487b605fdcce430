"""`--version` and `--help` start without the database layer (start-up time is in the bench)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("sqlalchemy", "textual", "tracker.api", "tracker.store", "importlib.metadata", "socket")
PROBE = """
import sys
sys.argv = ["tracker", *{args!r}]
from tracker.cli import main
try:
    main()
except SystemExit as done:
    code = done.code
print("loaded:" + ",".join(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args",
    [("--version",), ("--help",), ("log", "--help"), ("tariffs", "--help"), ("show", "--help")],
    ids=" ".join,
)
def test_version_and_help_leave_the_database_layer_unloaded(args: tuple[str, ...]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=list(args), heavy=HEAVY)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout  # it did print the version or the help
    assert result.stderr.strip().splitlines()[-1] == "loaded:"


def test_a_query_does_load_it_so_the_probe_can_fail(tmp_path: object) -> None:
    probe = PROBE.format(args=["--db", f"{tmp_path}/x.db", "seed"], heavy=HEAVY)
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert "sqlalchemy" in result.stderr.strip().splitlines()[-1]
