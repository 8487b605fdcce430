"""The command line as a user runs it: real subprocesses, exit codes and streams."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.conftest import RunCli
from tests.examples import EXAMPLES, example
from tracker.errors import ExitCode


def jsonl(*events: Mapping[str, object]) -> str:
    return "".join(json.dumps(e) + "\n" for e in events)


def test_version_comes_from_the_package_metadata(run_cli: RunCli) -> None:
    from importlib.metadata import version

    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"tracker, version {version('tracker')}"


def test_import_reports_on_stderr_and_keeps_stdout_clean(run_cli: RunCli, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    path = tmp_path / "in.jsonl"
    path.write_text(jsonl(EXAMPLES["note"], EXAMPLES["meeting.held"]), encoding="utf-8")
    first = run_cli("--db", str(db), "import", str(path))
    assert (first.returncode, first.stdout) == (0, "")
    assert first.stderr.strip() == "2 imported, 0 skipped (already stored)"
    second = run_cli("--db", str(db), "import", str(path))
    assert second.stderr.strip() == "0 imported, 2 skipped (already stored)"


def test_a_bad_line_is_one_error_line_exit_1_and_nothing_written(
    run_cli: RunCli, tmp_path: Path
) -> None:
    db = tmp_path / "t.db"
    path = tmp_path / "events.jsonl"
    bad = example("tariff.announced", id="2025-04-02-annex", rate_pct=-5)
    path.write_text(jsonl(EXAMPLES["note"], bad), encoding="utf-8")
    result = run_cli("--db", str(db), "import", str(path))
    assert result.returncode == ExitCode.BAD_INPUT
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: {path}:2 (2025-04-02-annex): rate_pct: must be >= 0, got -5\n"
    )
    assert run_cli("--db", str(db), "log", "--json").stdout.strip() == "[]"


def test_dry_run_validates_and_writes_nothing(run_cli: RunCli, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    path = tmp_path / "in.jsonl"
    path.write_text(jsonl(example("note", id="dry-note")), encoding="utf-8")
    result = run_cli("--db", str(db), "import", "--dry-run", str(path))
    assert result.returncode == 0
    assert "1 would be imported" in result.stderr
    assert not db.exists()  # not even an empty store
    run_cli("--db", str(db), "seed")
    again = run_cli("--db", str(db), "import", "--dry-run", str(path))
    assert again.returncode == 0 and "1 would be imported" in again.stderr
    assert "dry-note" not in run_cli("--db", str(db), "log", "--csv").stdout


def test_append_from_stdin_prints_the_new_ids(run_cli: RunCli, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    no_id = {k: v for k, v in EXAMPLES["note"].items() if k != "id"}
    result = run_cli("--db", str(db), "append", "-", stdin=json.dumps(no_id, indent=2))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2025-04-04-president-yoon-suk-yeol-removed-from\n"


def test_a_conflicting_id_is_an_error_naming_the_id(run_cli: RunCli, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    run_cli("--db", str(db), "append", "-", stdin=json.dumps(EXAMPLES["note"]))
    changed = example("note", body="Changed.")
    result = run_cli("--db", str(db), "append", "-", stdin=json.dumps(changed))
    assert result.returncode == ExitCode.BAD_INPUT
    assert "'2025-04-04-yoon-removed' is already stored with different content" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_export_then_import_round_trips(run_cli: RunCli, tmp_path: Path) -> None:
    db, copy = tmp_path / "a.db", tmp_path / "b.db"
    events = [e for name, e in EXAMPLES.items() if not name.startswith("event.")]
    run_cli("--db", str(db), "import", "-", stdin=jsonl(*events))
    out = tmp_path / "out.jsonl"
    exported = run_cli("--db", str(db), "export", "-o", str(out))
    assert exported.returncode == 0
    assert run_cli("--db", str(copy), "import", str(out)).returncode == 0
    strip = [
        {k: v for k, v in json.loads(line).items() if k not in ("seq", "recorded_at")}
        for line in out.read_text().splitlines()
    ]
    again = run_cli("--db", str(copy), "export").stdout.splitlines()
    assert [
        {k: v for k, v in json.loads(line).items() if k not in ("seq", "recorded_at")}
        for line in again
    ] == strip


def test_log_filters_and_prints_titles_literally(run_cli: RunCli, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    tricky = example("note", title="[SEOUL] talks [/] end \x1b[31mred\x07 bell", id="n1")
    run_cli("--db", str(db), "import", "-", stdin=jsonl(tricky, EXAMPLES["meeting.held"]))
    table = run_cli("--db", str(db), "log", "--type", "note")
    assert table.returncode == 0
    assert "[SEOUL] talks [/] end \\x1b[31mred\\x07 bell" in table.stdout
    assert "\x1b" not in table.stdout and "\x07" not in table.stdout
    assert "yeo-greer" not in table.stdout
    as_json = json.loads(run_cli("--db", str(db), "log", "--json", "--search", "seoul").stdout)
    assert [e["id"] for e in as_json] == ["n1"]
    assert as_json[0]["title"] == tricky["title"]
    dated = run_cli("--db", str(db), "log", "--from", "2026-01-01", "--to", "2026-01-31", "--json")
    assert [e["id"] for e in json.loads(dated.stdout)] == ["2026-01-13-yeo-greer"]


def test_log_is_in_timeline_order(run_cli: RunCli, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    run_cli("--db", str(db), "import", "-", stdin=jsonl(EXAMPLES["meeting.held"], EXAMPLES["note"]))
    dates = [e["date"] for e in json.loads(run_cli("--db", str(db), "log", "--json").stdout)]
    assert dates == sorted(dates)


@pytest.mark.parametrize(
    "args",
    [
        ("log", "--from", "2025-13-01"),
        ("log", "--type", "tariff.imposed"),
        ("import",),
        ("no-such-command",),
    ],
)
def test_usage_errors_exit_2(run_cli: RunCli, tmp_path: Path, args: tuple[str, ...]) -> None:
    result = run_cli("--db", str(tmp_path / "t.db"), *args)
    assert result.returncode == ExitCode.USAGE
    assert result.stdout == ""


def test_a_store_that_cannot_be_opened_has_its_own_exit_code(
    run_cli: RunCli, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_cli("--db", str(blocker / "t.db"), "seed")
    assert result.returncode == ExitCode.STORE_UNAVAILABLE
    assert result.stderr.startswith("Error: cannot create")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 100)
    result = run_cli("--db", str(junk), "log")
    assert result.returncode == ExitCode.STORE_UNAVAILABLE


def test_verify_reports_a_broken_chain(run_cli: RunCli, tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "t.db"
    run_cli("--db", str(db), "import", "-", stdin=jsonl(EXAMPLES["note"], EXAMPLES["meeting.held"]))
    ok = run_cli("--db", str(db), "verify")
    assert ok.returncode == 0
    assert ok.stdout.startswith("2:") and len(ok.stdout.strip()) == 66  # the head, SEQ:HASH
    assert "2 events, hash chain intact" in ok.stderr
    connection = sqlite3.connect(db)
    connection.execute("DROP TRIGGER events_no_update")
    connection.execute("UPDATE events SET payload = replace(payload, 'Constitutional', 'X')")
    connection.commit()
    connection.close()
    broken = run_cli("--db", str(db), "verify")
    assert broken.returncode == ExitCode.INTEGRITY
    assert "hash chain broken at seq 1 (id 2025-04-04-yoon-removed)" in broken.stderr


def test_no_progress_bar_when_piped(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    events = [
        {"type": "note", "date": "2025-01-01", "title": f"n{i}", "body": "b"} for i in range(300)
    ]
    path.write_text(jsonl(*events), encoding="utf-8")
    result = run_cli("--db", str(tmp_path / "t.db"), "import", str(path))
    assert result.returncode == 0
    assert result.stderr == "300 imported, 0 skipped (already stored)\n"


def test_seed_loads_the_curated_timeline_into_an_explicit_store(
    run_cli: RunCli, tmp_path: Path
) -> None:
    db = tmp_path / "t.db"
    assert run_cli("--db", str(db), "log", "--json").returncode == ExitCode.STORE_UNAVAILABLE
    first = run_cli("--db", str(db), "seed")
    assert first.returncode == 0
    count = len(json.loads(run_cli("--db", str(db), "log", "--json").stdout))
    assert count > 0
    assert f"{count} imported" in first.stderr
    assert run_cli("--db", str(db), "seed").stderr.startswith("0 imported")


def test_no_arguments_prints_the_default_timeline(run_cli: RunCli, isolated_home: Path) -> None:
    env = {"XDG_DATA_HOME": str(isolated_home / "data"), "HOME": str(isolated_home)}
    result = run_cli(env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].split() == ["date", "type", "status", "id", "title"]
    assert (isolated_home / "data" / "tracker" / "tracker.db").exists()


def stderr_on_a_terminal(args: list[str]) -> tuple[int, bytes, str]:
    """Run the CLI with stderr on a pseudo-terminal: (exit code, stdout, what the terminal got)."""
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "tracker", *args], stdout=subprocess.PIPE, stderr=follower
    )
    os.close(follower)
    stdout, _ = process.communicate(timeout=120)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return process.returncode, stdout, b"".join(chunks).decode()


def test_a_progress_bar_on_a_terminal_reaches_the_end(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    events = [
        {"type": "note", "date": "2025-01-01", "title": f"n{i}", "body": "b"} for i in range(50)
    ]
    path.write_text(jsonl(*events), encoding="utf-8")
    args = ["--db", str(tmp_path / "t.db"), "import", str(path)]
    code, stdout, terminal = stderr_on_a_terminal(args)
    assert (code, stdout) == (0, b"")
    assert "Importing" in terminal and "100%" in terminal
    assert "50 imported" in terminal
    # Skipped rows count too: a re-import also finishes the bar.
    code, _, terminal = stderr_on_a_terminal(args)
    assert code == 0
    assert "100%" in terminal and "0 imported, 50 skipped" in terminal
