"""What the command line says, as real processes: options named as typed, stores by the
path the user gave, empty answers naming their filters, and inputs taken as users type them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.stores import seeded_store
from tests.conftest import RunCli
from tracker.errors import ExitCode


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(seeded_store(tmp_path_factory.mktemp("messages") / "seeded.db"))


def one_error(result: object, code: int) -> str:
    returncode, stdout, stderr = (getattr(result, k) for k in ("returncode", "stdout", "stderr"))
    assert (returncode, stdout) == (code, "")
    lines = [line for line in stderr.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, stderr
    return str(lines[0])


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("tariffs", "--known-on", "2999-01-01"), "--known-on"),
        (("show", "2026-01-13-yeo-greer", "--known-on", "2999-01-01T00:00Z"), "--known-on"),
        (("log", "--known-on", "2999-01-01"), "--known-on"),
        (("log", "--recorded-since", "2999-01-01"), "--recorded-since"),
        (("log", "--recorded-since", "2999-01-01T00:00Z"), "--recorded-since"),
    ],
)
def test_a_future_moment_is_a_usage_error_naming_the_option_as_typed(
    run_cli: RunCli, db: str, args: tuple[str, ...], option: str
) -> None:
    error = one_error(run_cli("--db", db, *args), ExitCode.USAGE)
    assert f"'{option}'" in error and "may not be in the future" in error
    assert "known_on" not in error and "recorded_since" not in error


def test_recorded_since_today_is_fine(run_cli: RunCli, db: str) -> None:
    import datetime as dt

    today = dt.datetime.now(dt.UTC).date().isoformat()
    result = run_cli("--db", db, "log", "--recorded-since", today, "--json")
    assert result.returncode == 0, result.stderr
    # the store was made today: its seed recorded as of publication, its corrections now
    assert {row["id"] for row in json.loads(result.stdout)} == {
        "2026-01-20-fix-venue",
        "2026-01-20-drop-itif",
    }


def test_store_errors_name_the_path_the_user_gave(run_cli: RunCli, tmp_path: Path) -> None:
    not_a_db = tmp_path / "notdb.txt"
    not_a_db.write_text("hello\n")
    error = one_error(run_cli("--db", str(not_a_db), "log"), ExitCode.STORE_UNAVAILABLE)
    assert error.startswith(f"Error: cannot open store {not_a_db}: ")
    assert "sqlite:" not in error
    folder = one_error(run_cli("--db", str(tmp_path), "log"), ExitCode.STORE_UNAVAILABLE)
    assert folder.startswith(f"Error: cannot open store {tmp_path}: ")
    by_url = one_error(run_cli("--url", f"sqlite:///{not_a_db}", "log"), ExitCode.STORE_UNAVAILABLE)
    assert by_url == error
    assert not_a_db.read_text() == "hello\n"


def test_a_missing_postgresql_driver_says_to_install_the_extra(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """psycopg made unimportable (as on a machine without the extra): one line, exit 3."""
    shadow = tmp_path / "shadow" / "psycopg"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError(\"No module named 'psycopg'\")\n")
    env = {"PYTHONPATH": str(shadow.parent)}
    url = "postgresql+psycopg://someone:secret@127.0.0.1:1/tracker"
    local = str(tmp_path / "local.db")
    note = json.dumps({"type": "note", "date": "2025-01-01", "title": "A note", "body": "b"})
    assert run_cli("--db", local, "append", "-", stdin=note).returncode == 0
    for args in (("--url", url, "log"), ("--db", local, "copy", "--to", url)):
        error = one_error(run_cli(*args, env=env), ExitCode.STORE_UNAVAILABLE)
        assert error == (
            "Error: cannot open store postgresql+psycopg://someone:***@127.0.0.1:1/tracker: "
            "the PostgreSQL driver is not installed: "
            "install tracker's postgres extra (pip install '.[postgres]' in its folder)"
        )
    pg8000 = "postgresql+pg8000://h/db"  # a driver tracker does not install
    other = one_error(run_cli("--url", pg8000, "log", env=env), ExitCode.STORE_UNAVAILABLE)
    assert other.startswith(f"Error: cannot open store {pg8000}: its driver pg8000 is not")
    assert "postgresql+psycopg://" in other and "'.[postgres]'" in other


def test_an_empty_filtered_answer_names_its_filter(run_cli: RunCli, db: str) -> None:
    args = ("--db", db, "meetings", "--as-of", "2026-01-01")
    result = run_cli(*args, "--with", "Greer, Jamieson")
    assert (result.returncode, result.stdout) == (0, "")
    assert 'no meetings with "Greer, Jamieson" as of 2026-01-01' in result.stderr
    both = run_cli(*args, "--ours", "Nobody", "--with", "Greer")
    assert 'no meetings of "Nobody" with "Greer" as of 2026-01-01' in both.stderr
    as_csv = run_cli(*args, "--with", "Greer, Jamieson", "--csv")
    assert as_csv.returncode == 0 and len(as_csv.stdout.splitlines()) == 1
    assert json.loads(run_cli(*args, "--with", "Greer, Jamieson", "--json").stdout) == []
    log = run_cli("--db", db, "log", "--type", "note", "--search", "no such words")
    assert (log.returncode, log.stdout) == (0, "")
    assert "no events match --type note --search 'no such words'" in log.stderr


def test_country_codes_are_taken_in_any_case(run_cli: RunCli, db: str) -> None:
    args = ("--db", db, "tariffs", "--as-of", "2025-04-05")
    lower = run_cli(*args, "--on", "kr", "--json")
    upper = run_cli(*args, "--on", "KR", "--json")
    assert lower.returncode == 0, lower.stderr
    assert json.loads(lower.stdout) == json.loads(upper.stdout) != []
    error = one_error(run_cli(*args, "--on", "kor"), ExitCode.USAGE)
    assert "'kor' is not a two-letter country code" in error


def test_a_country_no_line_names_gets_a_note(run_cli: RunCli, db: str) -> None:
    args = ("--db", db, "tariffs", "--as-of", "2025-04-05")
    japan = run_cli(*args, "--on", "JP")
    assert japan.returncode == 0
    assert "note: no tariff line names JP as of 2025-04-05" in japan.stderr
    rows = json.loads(run_cli(*args, "--on", "jp", "--json").stdout)
    assert rows and {row["applies_to"] for row in rows} == {"*"}
    korea = run_cli(*args, "--on", "KR")
    assert "no tariff line names" not in korea.stderr
    nothing = run_cli("--db", db, "tariffs", "--as-of", "2020-01-01", "--on", "JP")
    assert "no tariff lines on JP as of 2020-01-01" in nothing.stderr


@pytest.mark.parametrize("command", ["import", "append"])
def test_an_empty_file_does_not_create_a_store(
    run_cli: RunCli, tmp_path: Path, command: str
) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    missing = tmp_path / "new" / "store.db"
    result = run_cli("--db", str(missing), command, str(empty))
    assert (result.returncode, result.stdout) == (0, "")
    assert f"note: {empty} holds no events" in result.stderr
    assert not missing.exists() and not missing.parent.exists()
    event = {"type": "note", "date": "2025-01-01", "title": "A note", "body": "b"}
    (tmp_path / "one.jsonl").write_text(json.dumps(event) + "\n")
    made = run_cli("--db", str(missing), command, str(tmp_path / "one.jsonl"))
    assert made.returncode == 0 and missing.exists()


def test_show_prints_recorded_at_as_stored_so_it_can_be_pasted_back(
    run_cli: RunCli, db: str
) -> None:
    shown = run_cli("--db", db, "show", "2026-01-13-yeo-greer")
    [stored] = json.loads(run_cli("--db", db, "show", "2026-01-13-yeo-greer", "--json").stdout)
    stamp = stored["recorded"]["recorded_at"]
    assert stamp.endswith(".999999Z")
    assert f"  {stamp}  seq {stored['recorded']['seq']}  recorded" in shown.stdout
    since = run_cli("--db", db, "log", "--recorded-since", stamp, "--json")
    assert "2026-01-13-yeo-greer" not in {row["id"] for row in json.loads(since.stdout)}


def test_show_before_the_event_was_recorded_says_so(run_cli: RunCli, db: str) -> None:
    error = one_error(
        run_cli("--db", db, "show", "2026-01-13-yeo-greer", "--known-on", "2026-01-01"),
        ExitCode.BAD_INPUT,
    )
    assert error == (
        "Error: id: '2026-01-13-yeo-greer' was not yet recorded on "
        "2026-01-01T23:59:59.999999Z (recorded 2026-01-14T23:59:59.999999Z)"
    )
    unknown = one_error(run_cli("--db", db, "show", "nope"), ExitCode.BAD_INPUT)
    assert unknown == "Error: id: no stored event has id 'nope'"
