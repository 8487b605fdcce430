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
