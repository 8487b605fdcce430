"""Hostile input through the real command: one line naming place and field, exit 1."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path
from subprocess import PIPE

import pytest

import tracker
from tests.conftest import RunCli
from tests.examples import EXAMPLES
from tests.test_hostile_input import CASES, TARGETS

GOOD = json.dumps(EXAMPLES["note"]).encode()
FIGURE = EXAMPLES["figure.reported"]


def figure_with(raw: str) -> bytes:
    """The example figure with its `value` replaced by raw JSON text."""
    return json.dumps(FIGURE | {"value": "HOLE"}).replace('"HOLE"', raw).encode()


def note_with(field: str, raw: str) -> bytes:
    return (
        json.dumps(EXAMPLES["note"] | {"id": "n2", field: "HOLE"}).replace('"HOLE"', raw).encode()
    )


HOSTILE = {
    "nested 10,000 deep": (note_with("body", "[" * 10_000 + "]" * 10_000), "not valid JSON"),
    "lone surrogate": (note_with("title", '"\\ud800"'), "title: must be valid Unicode"),
    "1e999999999": (figure_with("1e999999999"), "value: must be written in plain decimal"),
    "1e-999999999": (figure_with("1e-999999999"), "value: must be written in plain decimal"),
    "5,000-digit integer": (figure_with("9" * 5_000), "value: must have at most 40 digits"),
    "5 MB digit string": (figure_with('"' + "9" * 5_000_000 + '"'), "value: must be a number"),
    "41 digits": (figure_with("1" * 41), "value: must have at most 40 digits"),
    "underscore": (figure_with('"1_000"'), "value: must be a number in plain decimal"),
    "spaces": (figure_with('" 25 "'), "value: must be a number in plain decimal"),
    "non-ASCII digits": (figure_with('"\u0662\u0665"'), "value: must be a number in plain decimal"),
    "NUL escape": (note_with("body", '"a\\u0000b"'), "body: must not contain a NUL"),
    "raw NUL byte": (note_with("body", '"a\x00b"'), "not valid JSON"),
    "invalid UTF-8": (note_with("body", '"caf\xff"').replace(b"\xc3\xbf", b"\xff"), "not UTF-8"),
    "5 MB string": (note_with("title", json.dumps("x" * 5_000_000)), "title: must be at most"),
    "10 MB line": (note_with("body", json.dumps("y" * 10_000_000)), "body: must be at most"),
}


@pytest.mark.parametrize("content", [v for v, _ in HOSTILE.values()], ids=list(HOSTILE))
def test_hostile_input_is_one_line_exit_1_and_nothing_written(
    run_cli: RunCli, tmp_path: Path, content: bytes
) -> None:
    expected = dict(HOSTILE.values())[content]
    db = tmp_path / "store.db"
    events = tmp_path / "events.jsonl"
    events.write_bytes(GOOD + b"\n" + content + b"\n")
    result = run_cli("--db", str(db), "import", str(events))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr[:2000]
    assert len(result.stderr) < 1_000, result.stderr[:2000]
    assert result.stderr.startswith(f"Error: {events}:2"), result.stderr
    assert expected in result.stderr
    with tracker.open(db) as t:
        assert t.store.count() == 0


def test_forty_digit_amounts_stay_exact_through_import_export_and_queries(
    run_cli: RunCli, tmp_path: Path
) -> None:
    big, small = (
        "1234567890123456789012345678901234567890",
        "0.000000000000000000000000000000000000001",
    )
    target = EXAMPLES["target.set"] | {"value": big, "comparator": "at_least"}
    figure = FIGURE | {"value": small, "preliminary": False}
    db = str(tmp_path / "store.db")
    lines = "".join(json.dumps(e) + "\n" for e in (target, figure))
    assert run_cli("--db", db, "import", "-", stdin=lines).returncode == 0
    exported = [json.loads(line) for line in run_cli("--db", db, "export").stdout.splitlines()]
    assert [e["value"] for e in exported] == [big, small]
    [row] = json.loads(run_cli("--db", db, "targets", "--as-of", "2026-01-01", "--json").stdout)
    assert (
        row["gap"]
        == "-1234567890123456789012345678901234567889.999999999999999999999999999999999999999"
    )


def test_an_internal_failure_has_an_exit_code_of_its_own(tmp_path: Path) -> None:
    crash = (
        "import tracker.api as api\n"
        "def broken(*args, **kwargs):\n"
        "    raise ZeroDivisionError('a bug')\n"
        "api.Tracker.verify = broken\n"
        "from tracker.cli import main\n"
        "main()\n"
    )
    db = str(tmp_path / "store.db")
    tracker.open(db).close()  # verify reads: the store must exist
    result = subprocess.run(
        [sys.executable, "-c", crash, "--db", db, "verify"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 70
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: internal error (a bug in tracker")
    assert "ZeroDivisionError: a bug" in result.stderr
    assert "Traceback" not in result.stderr


def test_generated_hostile_lines_through_the_command_on_each_backend(
    store_url: str, tmp_path: Path
) -> None:
    """A seeded draw of the generated cases, one for each event type, each a real import."""
    with tracker.open(store_url) as t:
        t.append(TARGETS)
    rng = random.Random(f"hostile-cli-{store_url.split(':')[0]}")
    chosen = [rng.choice([c for c in CASES if c[0].startswith(f"{kind}:")]) for kind in EXAMPLES]
    running = []
    for n, (case, line, field) in enumerate(chosen):
        path = tmp_path / f"case{n}.jsonl"
        path.write_bytes(GOOD + b"\n" + line.encode("utf-8", "surrogatepass") + b"\n")
        command = [sys.executable, "-m", "tracker", "--url", store_url, "import", str(path)]
        running.append((case, field, path, subprocess.Popen(command, stdout=PIPE, stderr=PIPE)))
    for case, field, path, process in running:
        out, err = process.communicate(timeout=300)
        message = err.decode("utf-8", "replace")
        assert (process.returncode, out) == (1, b""), (case, message)
        assert message.count("\n") == 1 and len(message) < 1_000, (case, message[:2_000])
        assert message.startswith(f"Error: {path}:2"), (case, message)
        assert "nested too deeply" in message or f": {field}" in message, (case, message)
        assert "Traceback" not in message
    with tracker.open(store_url) as t:
        assert t.store.count() == len(TARGETS)
