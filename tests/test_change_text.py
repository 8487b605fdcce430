"""A diff's detail in the tables' words: each kind of value, and lists that came and went."""

from __future__ import annotations

from typing import Any

from tracker.change_text import change_text
from tracker.diff import Change


def changed(before: dict[str, Any], after: dict[str, Any]) -> str:
    fields = tuple(name for name in after if before.get(name) != after.get(name))
    return change_text(Change("p", "k", "changed", before, after, fields))


def test_pending_changes_and_threats_read_as_in_the_tariffs_table() -> None:
    pause = {"rate_pct": "10", "effective": "2025-08-01", "announced": "x", "pause": True}
    lift = {"rate_pct": None, "effective": "2026-02-20", "announced": "x", "lift": True}
    assert changed({"pending": pause}, {"pending": lift}) == (
        "pending: pause 10 % from 2025-08-01 -> lift from 2026-02-20"
    )
    threat = {"rate_pct": None, "rate_min_pct": "10", "rate_max_pct": "20", "date": "2025-01-25"}
    assert changed({"threat": None}, {"threat": threat}) == "threat: none -> 10-20 % (2025-01-25)"


def test_a_schedule_reads_as_the_pending_column_once_for_pending_and_schedule() -> None:
    baseline = {"rate_pct": "10", "effective": "2025-04-05", "announced": "2025-04-02"}
    korea = {"rate_pct": "25", "effective": "2025-04-09", "announced": "2025-04-02"}
    before = {"pending": baseline, "schedule": [baseline, korea], "paused_until": None}
    after = {"pending": korea, "schedule": [korea], "paused_until": None}
    assert changed(before, after) == (
        "pending: 10 % from 2025-04-05, then 25 % from 2025-04-09 -> 25 % from 2025-04-09"
    )
    later = {"rate_pct": "15", "effective": "2025-08-07", "announced": "2025-07-31"}
    assert changed(after, {"pending": korea, "schedule": [korea, later]}) == (
        "pending: 25 % from 2025-04-09 -> 25 % from 2025-04-09, then 15 % from 2025-08-07"
    )
    assert changed(after, {"pending": None, "schedule": []}) == (
        "pending: 25 % from 2025-04-09 -> none"
    )


def test_a_promised_cut_reads_as_promised() -> None:
    threat = {"rate_pct": "25", "date": "2025-07-07"}
    promise = {"rate_pct": "15", "date": "2025-07-31", "promised": True}
    assert changed({"threat": threat}, {"threat": promise}) == (
        "threat: 25 % (2025-07-07) -> promised 15 % (2025-07-31)"
    )


def test_amounts_in_the_rows_unit_and_lists_by_what_came_and_went() -> None:
    before = {"unit": "USD", "actual": None, "meetings": [{"id": "a", "date": "2025-05-01"}]}
    after = {"unit": "USD", "actual": "9500000000", "meetings": [{"id": "b", "date": "2025-06-02"}]}
    assert changed(before, after) == "actual: none -> $9.5bn; meetings: +2025-06-02, -2025-05-01"
    share = {"unit": "pct", "status": "open", "target": "5"}
    assert (
        change_text(Change("targets", "k", "added", None, share, ())) == "status: open, target: 5 %"
    )
    gone = {"status": "in_effect", "rate_pct": "25"}
    assert change_text(Change("tariffs", "k", "removed", gone, None, ())) == (
        "status: in effect, rate: 25 %"
    )
