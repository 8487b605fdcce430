"""Targets against reported figures: met, missed, open, and the gap."""

from __future__ import annotations

from decimal import Decimal
from decimal import Decimal as D

import pytest

from tracker.model import Event
from tracker.projections import rows_to_json
from tracker.projections.targets import TargetRow, period_end, target_rows

from .builders import d, figure, target


def row(log: list[Event], as_of: str) -> TargetRow:
    [only] = target_rows(log, d(as_of))
    return only


def test_open_until_a_figure_is_reported() -> None:
    log: list[Event] = [target("2025-01-25", "20", eid="t"), figure("2026-01-10", "23", eid="f")]
    got = row(log, "2026-01-09")
    assert (got.status, got.actual, got.reported_on, got.gap) == ("open", None, None, None)
    assert got.event_ids == ("t",)
    got = row(log, "2026-01-10")
    assert (got.status, got.actual, got.reported_on) == ("met", D(23), d("2026-01-10"))
    assert got.gap == Decimal(3)
    assert got.event_ids == ("t", "f")


@pytest.mark.parametrize(
    ("comparator", "actual", "status", "gap"),
    [
        ("at_least", "100", "met", "0"),
        ("at_least", "99.9", "missed", "-0.1"),
        ("at_least", "120", "met", "20"),
        ("at_most", "100", "met", "0"),
        ("at_most", "80", "met", "-20"),
        ("at_most", "100.1", "missed", "0.1"),
        ("about", "95", "met", "-5"),
        ("about", "105", "met", "5"),
        ("about", "94.9", "missed", "-5.1"),
        ("about", "105.1", "missed", "5.1"),
    ],
)
def test_comparators(comparator: str, actual: str, status: str, gap: str) -> None:
    log: list[Event] = [
        target("2025-01-01", "100", comparator=comparator),
        figure("2026-01-01", actual),
    ]
    got = row(log, "2026-01-01")
    assert (got.comparator, got.status, got.gap) == (comparator, status, Decimal(gap))


@pytest.mark.parametrize(
    ("period", "last_day"),
    [
        ("2025", "2025-12-31"),
        ("2025-02", "2025-02-28"),
        ("2024-02", "2024-02-29"),
        ("2025-Q1", "2025-03-31"),
        ("2025-Q3", "2025-09-30"),
        ("2025-12", "2025-12-31"),
    ],
)
def test_period_end(period: str, last_day: str) -> None:
    assert period_end(period) == d(last_day)


@pytest.mark.parametrize("period", ["2025", "2025-06", "2025-Q2"])
def test_a_short_preliminary_figure_is_missed_only_once_the_period_is_over(period: str) -> None:
    end = period_end(period)
    log: list[Event] = [
        target("2025-01-01", "700", period=period),
        figure("2025-05-01", "650", period=period, preliminary=True),
    ]
    before = row(log, (end.replace(day=end.day - 1)).isoformat())
    assert (before.status, before.actual, before.gap) == ("open", D(650), None)
    on_the_day = row(log, end.isoformat())
    assert (on_the_day.status, on_the_day.gap) == ("missed", Decimal(-50))


def test_a_preliminary_figure_that_reaches_the_target_is_met() -> None:
    log: list[Event] = [
        target("2025-01-01", "700"),
        figure("2025-12-29", "700", preliminary=True),
    ]
    assert row(log, "2025-12-29").status == "met"


def test_a_final_figure_that_falls_short_is_missed_at_once() -> None:
    log: list[Event] = [target("2025-01-01", "700"), figure("2025-06-01", "650")]
    assert row(log, "2025-06-01").status == "missed"


def test_the_latest_figure_supersedes_earlier_ones() -> None:
    log: list[Event] = [
        target("2025-01-01", "705"),
        figure("2026-01-01", "709.7", preliminary=True),
        figure("2026-02-15", "704.9"),
    ]
    assert row(log, "2026-01-01").status == "met"
    got = row(log, "2026-02-15")
    assert (got.status, got.actual, got.gap) == ("missed", Decimal("704.9"), Decimal("-0.1"))


def test_the_latest_revision_by_the_same_setter_counts() -> None:
    log: list[Event] = [
        target("2025-01-25", "20", eid="first"),
        target("2025-03-01", "23", eid="revised"),
        figure("2025-02-01", "22"),
    ]
    assert row(log, "2025-02-28").status == "met"
    got = row(log, "2025-03-01")
    assert (got.target, got.status, got.event_ids[0]) == (D(23), "missed", "revised")


def test_each_setter_has_its_own_row_sorted_by_key() -> None:
    log: list[Event] = [
        target("2025-01-25", "20", set_by="MOTIR"),
        target("2025-01-26", "25", set_by="DAPA"),
        target("2025-01-26", "1", set_by="DAPA", metric="exports.arms"),
    ]
    got = target_rows(log, d("2025-01-26"))
    assert [(r.set_by, r.metric) for r in got] == [
        ("DAPA", "exports.arms"),
        ("DAPA", "exports.total"),
        ("MOTIR", "exports.total"),
    ]


def test_a_figure_in_another_unit_is_not_compared() -> None:
    log: list[Event] = [target("2025-01-01", "700"), figure("2026-01-01", "1000", unit="KRW")]
    assert row(log, "2026-01-01").status == "open"


def test_targets_and_figures_dated_after_as_of_do_not_count() -> None:
    log: list[Event] = [target("2025-03-01", "700"), figure("2026-01-01", "800")]
    assert target_rows(log, d("2025-02-28")) == []


def test_the_json_keys_are_the_public_contract() -> None:
    [got] = rows_to_json(target_rows([target("2025-01-01", "1")], d("2025-01-01")))
    assert list(got) == [
        "set_by",
        "metric",
        "period",
        "comparator",
        "target",
        "unit",
        "actual",
        "reported_on",
        "status",
        "gap",
        "event_ids",
    ]
