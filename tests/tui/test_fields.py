"""The evidence screen's row: every field as a reader wants it, never a JSON blob."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tracker.diff import Change
from tracker.projections.meetings import MeetingItem, MeetingRow
from tracker.tui.evidence import change_fields, fields_of, shown


def test_a_record_is_name_value_pairs_and_a_list_of_records_a_line_each() -> None:
    threat = {"rate_pct": "25", "rate_min_pct": None, "date": "2025-07-07"}
    assert shown(threat) == "rate_pct 25, date 2025-07-07"
    meetings = [
        {"id": "a", "date": dt.date(2025, 2, 28), "title": "Ahn meets Greer", "format": None},
        {"id": "b", "date": dt.date(2025, 4, 24), "title": "The 2+2", "format": "2+2"},
    ]
    assert shown(meetings) == "2025-02-28  Ahn meets Greer\n2025-04-24  The 2+2  2+2"
    schedule = [
        {"rate_pct": "10", "effective": "2025-04-05", "pause": False, "until": None},
        {"rate_pct": "25", "effective": "2025-04-09", "pause": False, "until": None},
    ]
    assert shown(schedule) == (
        "rate_pct 10, effective 2025-04-05, pause false\n"
        "rate_pct 25, effective 2025-04-09, pause false"
    )
    assert shown(["tariff", "autos"]) == "tariff, autos"
    assert shown([]) == shown(None) == shown({}) == "—"
    assert shown(Decimal("15.0")) == "15"
    assert shown("[bold]\x1b[2J") == "[bold]\\x1b[2J"


def test_a_counterparts_meetings_show_one_per_line() -> None:
    rows = [row for row in fields_of(_greer()) if row[0] in {"counterpart", "meetings", "count"}]
    assert rows == [
        ("counterpart", "Jamieson Greer"),
        ("count", "2"),
        ("meetings", "2025-02-28  Ahn meets Greer  bilateral\n2025-04-24  The 2+2  2+2"),
    ]


def test_a_change_shows_each_moved_field_before_and_after() -> None:
    before = {
        "measure": "reciprocal",
        "status": "paused",
        "paused_until": "2025-07-09",
        "threat": None,
        "event_ids": ["x"],
    }
    after = {**before, "paused_until": "2025-08-01", "threat": {"rate_pct": "25"}}
    change = Change(
        "tariffs", "US/KR/reciprocal", "changed", before, after, ("paused_until", "threat")
    )
    assert change_fields(change) == (
        ("projection", "tariffs"),
        ("key", "US/KR/reciprocal"),
        ("change", "changed"),
        ("measure", "reciprocal"),
        ("status", "paused"),
        ("paused_until", "2025-07-09 → 2025-08-01"),
        ("threat", "— → rate_pct 25"),
    )
    listed = Change(
        "meetings", "Greer", "changed", {"meetings": [1, 2]}, {"meetings": [1, 2, 3]}, ("meetings",)
    )
    assert ("meetings", "2 items → 3 items") in change_fields(listed)
    added = Change("meetings", "Vance", "added", None, {"counterpart": "JD Vance", "count": 1})
    assert change_fields(added)[3:] == (("counterpart", "JD Vance"), ("count", "1"))


def _greer() -> MeetingRow:
    return MeetingRow(
        counterpart="Jamieson Greer",
        org="USTR",
        country="US",
        count=2,
        first=dt.date(2025, 2, 28),
        last=dt.date(2025, 4, 24),
        meetings=(
            MeetingItem("a", dt.date(2025, 2, 28), "Ahn meets Greer", "bilateral"),
            MeetingItem("b", dt.date(2025, 4, 24), "The 2+2", "2+2"),
        ),
        upcoming=(),
        event_ids=("a", "b"),
    )
