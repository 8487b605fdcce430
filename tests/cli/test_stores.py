"""Which store a command opens: reading a store that does not exist is an error, not a new file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import RunCli
from tests.examples import EXAMPLES
from tracker.cli import cli
from tracker.errors import ExitCode

READS = [
    ("log",),
    ("log", "--json"),
    ("show", "some-id"),
    ("export",),
    ("verify",),
    ("tariffs",),
    ("meetings", "--csv"),
    ("targets", "--json"),
    ("records",),
    ("diff", "2025-01-01", "2026-01-01"),
]


@pytest.mark.parametrize("args", READS, ids=lambda a: " ".join(a))
def test_every_read_command_refuses_a_missing_store(tmp_path: Path, args: tuple[str, ...]) -> None:
    missing = tmp_path / "typo" / "store.db"
    result = CliRunner().invoke(cli, ["--db", str(missing), *args])
    assert result.exit_code == ExitCode.STORE_UNAVAILABLE
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: no store at {missing}: create it with `tracker --db {missing} seed` "
        f"(the curated timeline) or `tracker --db {missing} import FILE`\n"
    )
    assert not missing.parent.exists()


def test_a_missing_store_as_a_real_process_and_through_the_environment(
    run_cli: RunCli, tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere.db"
    result = run_cli("--db", str(missing), "meetings")
    assert (result.returncode, result.stdout) == (ExitCode.STORE_UNAVAILABLE, "")
    assert len(result.stderr.splitlines()) == 1
    assert f"tracker --db {missing} seed" in result.stderr
    by_env = run_cli("log", env={"TRACKER_DB": str(missing)})
    assert by_env.returncode == ExitCode.STORE_UNAVAILABLE
    assert not missing.exists()


def test_a_path_with_spaces_is_quoted_in_the_advice(tmp_path: Path) -> None:
    missing = tmp_path / "my store.db"
    result = CliRunner().invoke(cli, ["--db", str(missing), "log"])
    assert f"`tracker --db '{missing}' seed`" in result.stderr


def test_writing_commands_create_the_store_and_its_folder(run_cli: RunCli, tmp_path: Path) -> None:
    db = tmp_path / "new" / "folder" / "store.db"
    appended = run_cli("--db", str(db), "append", "-", stdin=json.dumps(EXAMPLES["note"]))
    assert appended.returncode == 0, appended.stderr
    assert db.exists()
    assert run_cli("--db", str(db), "log", "--csv").stdout.count("\n") == 2
    seeded = tmp_path / "seeded.db"
    assert run_cli("--db", str(seeded), "seed").returncode == 0 and seeded.exists()


def test_a_dry_run_on_a_missing_store_checks_against_nothing_and_creates_nothing(
    run_cli: RunCli, tmp_path: Path
) -> None:
    db = tmp_path / "store.db"
    result = run_cli(
        "--db", str(db), "import", "--dry-run", "-", stdin=json.dumps(EXAMPLES["note"])
    )
    assert result.returncode == 0
    assert result.stderr.strip() == "1 would be imported, 0 would be skipped (already stored)"
    assert not db.exists()


@pytest.mark.parametrize("command", [("log",), ("import", "-"), ("seed",)])
def test_a_directory_is_one_line_exit_3(
    run_cli: RunCli, tmp_path: Path, command: tuple[str, ...]
) -> None:
    before = sorted(tmp_path.iterdir())
    result = run_cli("--db", str(tmp_path), *command, stdin=json.dumps(EXAMPLES["note"]))
    assert result.returncode == ExitCode.STORE_UNAVAILABLE
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: cannot open store {tmp_path}: it is a directory, not a file\n"
    )
    assert sorted(tmp_path.iterdir()) == before


def test_the_default_store_is_still_created_and_seeded_by_a_read(
    run_cli: RunCli, isolated_home: Path
) -> None:
    result = run_cli("tariffs", "--json", env={"XDG_DATA_HOME": str(isolated_home / "data")})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)
    assert (isolated_home / "data" / "tracker" / "tracker.db").exists()


def test_an_empty_file_says_so(run_cli: RunCli, tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    db = str(tmp_path / "t.db")
    result = run_cli("--db", db, "import", str(empty))
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        f"note: {empty} holds no events",
        "0 imported, 0 skipped (already stored)",
    ]
    appended = run_cli("--db", db, "append", "-", stdin="")
    assert appended.stderr.splitlines()[0] == "note: stdin holds no events"


def test_a_byte_order_mark_is_accepted(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(EXAMPLES["note"]).encode() + b"\n")
    db = str(tmp_path / "t.db")
    result = run_cli("--db", db, "import", str(path))
    assert result.returncode == 0, result.stderr
    assert "1 imported" in result.stderr
    piped = run_cli(
        "--db", db, "append", "-", stdin="\ufeff" + json.dumps(EXAMPLES["meeting.held"])
    )
    assert piped.returncode == 0 and piped.stdout.strip() == EXAMPLES["meeting.held"]["id"]
