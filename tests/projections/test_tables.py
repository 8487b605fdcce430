"""Text tables: readable rates, amounts and dates; headers only when empty."""

from __future__ import annotations

from collections.abc import Sequence

from tracker.diff import Change, diff_states
from tracker.model import Event
from tracker.projections.meetings import MeetingRow, meeting_rows
from tracker.projections.records import RecordRow, record_rows
from tracker.projections.targets import TargetRow, target_rows
from tracker.projections.tariffs import TariffLine, tariff_lines
from tracker.render import table
from tracker.tables import (
    DIFF_COLUMNS,
    MEETING_COLUMNS,
    RECORD_COLUMNS,
    TARGET_COLUMNS,
    TARIFF_COLUMNS,
)

from .builders import announced, d, figure, held, paused, person, scheduled, target, threatened


def lines_of(text: str) -> list[str]:
    return text.splitlines()


def tariffs_table(rows: Sequence[TariffLine], width: int | None = None) -> str:
    return table(TARIFF_COLUMNS, rows, width).text


def meetings_table(rows: Sequence[MeetingRow]) -> str:
    return table(MEETING_COLUMNS, rows).text


def targets_table(rows: Sequence[TargetRow]) -> str:
    return table(TARGET_COLUMNS, rows).text


def records_table(rows: Sequence[RecordRow]) -> str:
    return table(RECORD_COLUMNS, rows).text


def diff_table(rows: Sequence[Change]) -> str:
    return table(DIFF_COLUMNS, rows).text


def test_empty_results_give_headers_only() -> None:
    for text in (
        tariffs_table([]),
        meetings_table([]),
        targets_table([]),
        records_table([]),
        diff_table([]),
    ):
        assert len(lines_of(text)) == 2  # header and rule


def test_tariffs_table_shows_rate_pending_pause_and_threat() -> None:
    log: list[Event] = [
        announced("2025-04-02", "25", "2025-04-09"),
        paused("2025-04-09", "2025-07-09", "10"),
        announced("2025-07-07", "20", "2025-08-01"),
        threatened("2025-07-08", low="30", high="40"),
    ]
    text = tariffs_table(tariff_lines(log, d("2025-07-08")))
    header, _, row = lines_of(text)
    assert header.split()[:3] == ["by", "on", "measure"]
    assert "paused" in row and "10 %" in row
    assert "20 % from 2025-08-01" in row
    assert "2025-07-09" in row
    assert "30-40 % (2025-07-08)" in row
    assert "in effect" in tariffs_table(tariff_lines(log[:1], d("2025-04-09")))


def test_tariffs_table_names_a_pause_still_to_begin() -> None:
    log: list[Event] = [
        announced("2025-04-02", "25", "2025-04-09"),
        paused("2025-04-09", "2025-07-09", "10", effective="2025-04-10"),
    ]
    text = tariffs_table(tariff_lines(log, d("2025-04-09")))
    assert "pause 10 % from 2025-04-10" in text
    unrated = [log[0], paused("2025-04-09", effective="2025-04-10")]
    assert "pause from 2025-04-10" in tariffs_table(tariff_lines(unrated, d("2025-04-09")))


def test_meetings_table_counts_and_upcoming_dates() -> None:
    greer = person("Jamieson Greer", "USTR")
    log: list[Event] = [
        held("2025-04-24", [greer]),
        scheduled("2025-04-24", "2025-05-16", [greer]),
    ]
    _, _, row = lines_of(meetings_table(meeting_rows(log, d("2025-04-24"))))
    assert row.split() == [
        "Jamieson",
        "Greer",
        "USTR",
        "US",
        "1",
        "2025-04-24",
        "2025-04-24",
        "2025-05-16",
    ]


def test_targets_table_formats_amounts_and_signed_gap() -> None:
    log: list[Event] = [
        target("2025-01-25", "20000000000", metric="exports.arms"),
        figure("2026-01-10", "23000000000", metric="exports.arms"),
    ]
    _, _, row = lines_of(targets_table(target_rows(log, d("2026-01-10"))))
    assert "at least" in row
    assert "$20.0bn" in row and "$23.0bn" in row and "+$3.0bn" in row and "met" in row


def test_records_table_shows_value_and_previous() -> None:
    log: list[Event] = [
        figure(
            "2026-01-15",
            "72000000000",
            metric="exports.autos",
            record=True,
            previous=("2023", "70900000000"),
        ),
    ]
    _, _, row = lines_of(records_table(record_rows(log, d("2026-01-15"))))
    assert row.split() == ["exports.autos", "2025", "$72.0bn", "2026-01-15", "2023:", "$70.9bn"]


def test_diff_table_names_what_changed() -> None:
    log: list[Event] = [announced("2025-04-02", "25"), announced("2025-07-31", "15", "2025-08-07")]
    before = {"tariffs": tariff_lines(log, d("2025-08-06"))}
    after = {"tariffs": tariff_lines(log, d("2025-08-07"))}
    [change] = diff_states(before, after)
    _, _, row = lines_of(diff_table([change]))
    assert row.startswith("tariffs")
    assert "US/KR/reciprocal" in row and "changed" in row
    assert "rate: 25 % -> 15 %" in row
    assert "pending: 15 % from 2025-08-07 -> none" in row and "{" not in row


def test_diff_table_summarises_added_rows() -> None:
    after = {"tariffs": tariff_lines([announced("2025-04-02", "25")], d("2025-04-02"))}
    _, _, row = lines_of(diff_table(diff_states({}, after)))
    assert "added" in row and "status: in effect, rate: 25 %" in row


def test_control_characters_in_titles_cannot_reach_the_terminal() -> None:
    sneaky = person("Evil\x1b[2J", "X")
    text = meetings_table(meeting_rows([held("2025-04-24", [sneaky])], d("2025-04-24")))
    assert "\x1b" not in text and "\\x1b" in text
