"""Tables on a terminal: fitted by letting columns give way, never wrapped; stale answers noted."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from tests.cli.stores import on_terminal, seeded_store
from tests.conftest import RunCli
from tracker.cli import cli, output
from tracker.render import display_width

COMMANDS = [
    ("log",),
    ("log", "--sources", "--from", "2026-01-13", "--to", "2026-01-14"),
    ("tariffs", "--as-of", "2025-07-30"),
    ("tariffs", "--as-of", "2025-04-05", "--on", "KR"),
    ("meetings", "--as-of", "2025-07-20"),
    ("targets", "--as-of", "2026-03-31"),
    ("records", "--as-of", "2026-03-31"),
    ("diff", "2025-04-24", "2025-08-07"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(seeded_store(tmp_path_factory.mktemp("terminal") / "seeded.db"))


def at_width(db: str, width: int, *args: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(output, "terminal_width", lambda: width)
    return CliRunner().invoke(cli, ["--db", db, *args], catch_exceptions=False)


def table_lines(text: str) -> list[str]:
    """The table itself: the lines before a `sources:` list."""
    return text.split("\nsources:\n")[0].splitlines()


@pytest.mark.parametrize("width", [60, 80, 100, 120])
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_no_table_line_is_wider_than_the_terminal(
    db: str, width: int, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = at_width(db, width, *args, monkeypatch=monkeypatch)
    assert result.exit_code == 0
    lines = table_lines(result.stdout)
    assert len(lines) > 2
    assert max(display_width(line) for line in lines) <= width
    header = lines[0].split()
    assert len(header) >= 3
    if "…" in result.stdout:  # text is cut only once every column that could go has gone
        assert "id" not in header and "type" not in header and "projection" not in header


def test_ids_give_way_before_titles_and_the_terminal_is_told(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = at_width(db, 400, "log", monkeypatch=monkeypatch)
    assert whole.stdout.splitlines()[0].split() == ["date", "type", "status", "id", "title"]
    assert whole.stderr == ""
    at_120 = at_width(db, 120, "log", monkeypatch=monkeypatch)
    # some seed titles are longer than 120 columns: type and id give way before they are cut
    assert at_120.stdout.splitlines()[0].split() == ["date", "status", "title"]
    assert "(type, id hidden to fit 120 columns; --csv shows all)" in at_120.stderr
    week = ("log", "--from", "2026-01-13", "--to", "2026-01-13", "--type", "meeting.held")
    short = at_width(db, 120, *week, monkeypatch=monkeypatch)
    assert short.stdout.splitlines()[0].split() == ["date", "type", "status", "title"]
    assert "…" not in short.stdout
    assert "(id hidden to fit 120 columns; --csv shows all)" in short.stderr


def test_a_real_terminal_at_80_and_120_columns(db: str) -> None:
    for width in (80, 120):
        code, shown, stderr = on_terminal(["--db", db, "tariffs", "--as-of", "2025-07-30"], width)
        assert code == 0
        lines = shown.splitlines()
        assert max(display_width(line) for line in lines) <= width
        assert lines[0].split()[:5] == ["by", "on", "measure", "status", "rate"]
    assert "hidden to fit 80 columns" in stderr or width == 120
    code, shown, stderr = on_terminal(["--db", db, "log"], 80)
    assert code == 0 and max(display_width(line) for line in shown.splitlines()) <= 80
    assert "(type, id hidden to fit 80 columns; --csv shows all)" in stderr


def test_a_piped_table_is_never_padded_past_its_content(run_cli: RunCli, db: str) -> None:
    result = run_cli("--db", db, "log")
    lines = result.stdout.splitlines()
    assert all(line == line.rstrip() for line in lines)
    widest_title = max(len(line.split("  ")[-1]) for line in lines[2:])
    assert max(len(line) for line in lines[2:]) > widest_title  # nothing cut
    short = min(lines[2:], key=len)
    assert len(short) < max(len(line) for line in lines[2:])  # each row ends with its title


def test_an_answer_past_the_data_says_where_the_data_ends(run_cli: RunCli, db: str) -> None:
    ends = max(
        row["date"]
        for row in json.loads(run_cli("--db", db, "log", "--json", "--effective").stdout)
    )
    past = run_cli("--db", db, "targets", "--as-of", "2099-01-01", "--json")
    assert past.returncode == 0 and json.loads(past.stdout)
    assert past.stderr == f"note: the data runs to {ends}; nothing later is recorded\n"
    within = run_cli("--db", db, "targets", "--as-of", ends)
    assert within.returncode == 0 and within.stderr == ""
    today = run_cli("--db", db, "meetings")  # as of today, long after the seed's last event
    assert "note: the data runs to" in today.stderr
