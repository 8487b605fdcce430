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
    if "…" in result.stdout and args[0] == "diff":  # the detail is cut only once it must
        assert "projection" not in header


LOG_HEADER = ["date", "type", "status", "id", "title"]


def test_a_log_cuts_titles_before_its_type_and_id_give_way(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = at_width(db, 400, "log", monkeypatch=monkeypatch)
    assert whole.stdout.splitlines()[0].split() == LOG_HEADER
    assert whole.stderr == ""
    # the seed's longest ids and titles: at 120 columns the titles are cut, nothing hidden
    at_120 = at_width(db, 120, "log", monkeypatch=monkeypatch)
    lines = at_120.stdout.splitlines()
    assert lines[0].split() == LOG_HEADER and at_120.stderr == ""
    assert "…" in at_120.stdout and max(display_width(line) for line in lines) == 120
    ids = {
        row["id"]
        for row in json.loads(CliRunner().invoke(cli, ["--db", db, "log", "--json"]).stdout)
    }
    assert {line.split()[-1] for line in lines[2:]} - ids  # titles, not ids, were cut
    assert {word for line in lines[2:] for word in line.split()} >= ids  # every id shown
    week = ("log", "--from", "2026-01-13", "--to", "2026-01-14")
    at_80 = at_width(db, 80, *week, monkeypatch=monkeypatch)
    header = at_80.stdout.splitlines()[0].split()
    assert header == ["date", "status", "id", "title"]  # at 80 the type goes, the id stays
    assert "(type hidden to fit 80 columns; --csv shows all)" in at_80.stderr
    assert "2026-01-14-yeo-adrian-smith" in at_80.stdout


def test_tariffs_at_80_columns_keep_since_and_never_a_threat_without_its_date(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("tariffs", "--on", "KR", "--as-of", "2026-02-01")
    whole = at_width(db, 400, *args, monkeypatch=monkeypatch)
    assert "25 % (2026-01-26)" in whole.stdout
    at_80 = at_width(db, 80, *args, monkeypatch=monkeypatch)
    header = at_80.stdout.splitlines()[0].split()
    assert header[:6] == ["by", "on", "measure", "status", "rate", "since"]
    assert "threat" not in header and "(threat hidden to fit 80 columns" in at_80.stderr
    assert "2025-11-14" in at_80.stdout  # when Korea's 15 % floor began
    for width in (80, 90, 100, 110):
        shown = at_width(db, width, *args, monkeypatch=monkeypatch).stdout
        assert ("threat" in shown.splitlines()[0]) == ("25 % (2026-01-26)" in shown)


def test_targets_at_80_columns_keep_the_gap_and_never_cut_who_set_them(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at_80 = at_width(db, 80, "targets", "--as-of", "2026-06-30", monkeypatch=monkeypatch)
    assert at_80.stdout.splitlines()[0].split()[-1] == "gap"
    assert "-$10.5bn" in at_80.stdout and "…" not in at_80.stdout
    assert "(set by, comparator, reported hidden to fit 80 columns" in at_80.stderr
    at_120 = at_width(db, 120, "targets", "--as-of", "2026-06-30", monkeypatch=monkeypatch)
    assert "DAPA officials (stated hope)" in at_120.stdout


def test_sources_are_folded_to_the_terminal_with_each_url_whole(db: str) -> None:
    args = ["--db", db, "meetings", "--as-of", "2026-01-20", "--with", "Greer", "--sources"]
    code, shown, _ = on_terminal(args, 80)
    assert code == 0
    notes = shown.split("\nsources:\n")[1].splitlines()
    rows = json.loads(CliRunner().invoke(cli, [*args[:-1], "--json", "--sources"]).stdout)
    urls = {source["url"] for row in rows for source in row["sources"] if source["url"]}
    assert urls and urls == {line.strip() for line in notes if "://" in line}
    assert all(display_width(line) <= 80 for line in notes if "://" not in line)
    assert notes[0].startswith("[1] ") and notes[1].startswith("    http")
    piped = CliRunner().invoke(cli, args).stdout.split("\nsources:\n")[1].splitlines()
    assert all(line.startswith("[") for line in piped)  # piped: one line per citation
    assert len(piped) == len([line for line in notes if line.startswith("[")]) > len(urls) - 1


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
