"""Diff between two states: added, changed, removed rows per projection."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pytest
from attrs import AttrsInstance, evolve

from tracker.diff import Change, diff_states
from tracker.projections.meetings import MeetingRow
from tracker.projections.records import RecordRow
from tracker.projections.targets import TargetRow
from tracker.projections.tariffs import TariffLine

from .builders import d


def tariff(measure: str, rate: str, ids: tuple[str, ...] = ("a",)) -> TariffLine:
    return TariffLine(
        imposed_by="US",
        applies_to="KR",
        measure=measure,
        products=None,
        status="in_effect",
        rate_pct=Decimal(rate),
        basis="additional",
        since=d("2025-04-09"),
        pending=None,
        schedule=(),
        paused_until=None,
        threat=None,
        event_ids=ids,
    )


def meeting(name: str, count: int) -> MeetingRow:
    return MeetingRow(name, "USTR", "US", count, None, None, (), (), ())


def test_added_changed_removed_with_keys_and_fields() -> None:
    before = {"tariffs": [tariff("reciprocal", "25"), tariff("fentanyl", "10")]}
    after = {"tariffs": [tariff("reciprocal", "15"), tariff("autos-232", "25")]}
    changes = diff_states(before, after)
    assert [(c.key, c.change) for c in changes] == [
        ("US/KR/autos-232", "added"),
        ("US/KR/fentanyl", "removed"),
        ("US/KR/reciprocal", "changed"),
    ]
    added, removed, changed = changes
    assert added.before is None and added.after is not None
    assert added.after["rate_pct"] == "25"
    assert removed.after is None and removed.before is not None
    assert changed.fields == ("rate_pct",)
    assert changed.before is not None and changed.before["rate_pct"] == "25"
    assert changed.after is not None and changed.after["rate_pct"] == "15"
    assert changed.after["event_ids"] == ["a"]


def test_a_difference_only_in_event_ids_is_no_change() -> None:
    before = {"tariffs": [tariff("reciprocal", "25", ("a",))]}
    after = {"tariffs": [tariff("reciprocal", "25", ("a", "b"))]}
    assert diff_states(before, after) == []


def test_nested_differences_count() -> None:
    row = tariff("reciprocal", "25")
    later = evolve(row, paused_until=d("2025-07-09"), status="paused")
    [change] = diff_states({"tariffs": [row]}, {"tariffs": [later]})
    assert change.fields == ("status", "paused_until")


def test_every_projection_has_its_key() -> None:
    target = TargetRow(
        "MOTIR",
        "exports.total",
        "2025",
        "at_least",
        Decimal(700),
        "USD",
        None,
        None,
        "open",
        None,
        (),
    )
    record = RecordRow("exports.autos", "2025", Decimal(72), "USD", d("2026-01-15"), None, ())
    after: dict[str, Sequence[AttrsInstance]] = {
        "meetings": [meeting("Jamieson Greer", 1)],
        "targets": [target],
        "records": [record],
    }
    changes = diff_states({}, after)
    assert [(c.projection, c.key, c.change) for c in changes] == [
        ("meetings", "Jamieson Greer", "added"),
        ("targets", "MOTIR/exports.total/2025", "added"),
        ("records", "exports.autos", "added"),
    ]


def test_a_projection_missing_on_one_side_has_no_rows_there() -> None:
    changes = diff_states({"meetings": [meeting("Jamieson Greer", 1)]}, {})
    assert changes == [Change("meetings", "Jamieson Greer", "removed", changes[0].before, None, ())]
    assert changes[0].before is not None and changes[0].before["count"] == 1


def test_identical_states_give_no_changes() -> None:
    state = {"meetings": [meeting("Jamieson Greer", 1), meeting("Scott Bessent", 2)]}
    assert diff_states(state, state) == []


def test_unknown_projection_and_duplicate_keys_are_errors() -> None:
    with pytest.raises(ValueError, match="no key known"):
        diff_states({"bogus": []}, {})
    with pytest.raises(ValueError, match="share the key"):
        diff_states({"meetings": [meeting("A", 1), meeting("A", 2)]}, {})
