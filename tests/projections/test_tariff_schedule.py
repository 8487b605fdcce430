"""Every decided change ahead of a line (`schedule`), not only the next one (`pending`)."""

from __future__ import annotations

from decimal import Decimal as D

from tracker.model import Event
from tracker.projections.tariffs import PendingChange, TariffLine, tariff_lines

from .builders import announced, d, lifted, paused

ALL = ("US", "*", "reciprocal")
KR = ("US", "KR", "reciprocal")


def line(log: list[Event], as_of: str, on: str | None = None) -> TariffLine:
    [only] = tariff_lines(log, d(as_of), on=on)
    return only


def test_korea_on_3_april_2025_sees_the_baseline_then_its_own_25_percent() -> None:
    log: list[Event] = [
        announced("2025-04-02", "10", "2025-04-05", key=ALL),
        announced("2025-04-02", "25", "2025-04-09", key=KR),
        lifted("2025-04-02", "2025-05-01", key=ALL),  # after Korea's own line begins
    ]
    got = line(log, "2025-04-03", on="KR")
    assert got.applies_to == "*"
    assert got.schedule == (
        PendingChange(D(10), d("2025-04-05"), d("2025-04-02")),
        PendingChange(D(25), d("2025-04-09"), d("2025-04-02")),
    )
    assert got.pending == got.schedule[0]
    assert line(log, "2025-04-05", on="KR").schedule == got.schedule[1:]


def test_every_decision_ahead_is_listed_in_order() -> None:
    log: list[Event] = [  # each taking effect after the last (an earlier one replaces them)
        announced("2025-04-02", "25", "2025-04-09"),
        announced("2025-04-03", "0", "2025-05-01", products="cars"),
        announced("2025-04-04", "10", "2025-06-01"),
        lifted("2025-04-05", "2025-07-01"),
    ]
    got = line(log, "2025-04-05")
    assert [(c.rate_pct, c.effective, c.lift, c.products) for c in got.schedule] == [
        (D(25), d("2025-04-09"), False, None),
        (D(0), d("2025-05-01"), False, "cars"),
        (D(10), d("2025-06-01"), False, None),
        (None, d("2025-07-01"), True, None),
    ]
    assert [c.effective for c in line(log, "2025-05-15").schedule] == [
        d("2025-06-01"),
        d("2025-07-01"),
    ]
    assert line(log, "2025-07-01").schedule == ()


def test_korea_on_31_july_2025_is_paused_to_7_august_then_15_percent() -> None:
    """The pause extended at the same 10 % is no change; the letter's 25 % from 1 August
    never applies (the pause runs over it); the deal's 15 % from 7 August is next."""
    log: list[Event] = [
        announced("2025-04-02", "25", "2025-04-09"),
        paused("2025-04-09", "2025-07-09", "10", effective="2025-04-10"),
        announced("2025-07-07", "25", "2025-08-01"),
        paused("2025-07-07", "2025-08-01", "10", effective="2025-07-09"),
        paused("2025-07-31", "2025-08-07", "10", effective="2025-08-01"),
        announced("2025-07-31", "15", "2025-08-07"),
    ]
    got = line(log, "2025-07-31")
    assert (got.status, got.rate_pct, got.since) == ("paused", D(10), d("2025-04-10"))
    assert got.paused_until == d("2025-08-07")
    assert got.schedule == (PendingChange(D(15), d("2025-08-07"), d("2025-07-31")),)
    assert got.pending == got.schedule[0]


def test_a_pause_ahead_runs_to_the_end_of_its_same_rate_extensions() -> None:
    log: list[Event] = [
        announced("2025-04-02", "25", "2025-04-09"),
        paused("2025-04-03", "2025-05-01", "10", effective="2025-04-10"),
        paused("2025-04-04", "2025-06-01", "10", effective="2025-05-01"),
    ]
    got = line(log, "2025-04-09")
    assert got.schedule == (
        PendingChange(D(10), d("2025-04-10"), d("2025-04-03"), pause=True, until=d("2025-06-01")),
    )
    assert line(log, "2025-04-20").paused_until == d("2025-06-01")


def test_a_rate_re_announced_for_later_is_no_change() -> None:
    log: list[Event] = [
        announced("2025-04-02", "25", "2025-04-09"),
        announced("2025-04-20", "25", "2025-05-01"),
    ]
    assert line(log, "2025-04-20").schedule == ()
    floor = [*log[:1], announced("2025-04-20", "25", "2025-05-01", basis="floor")]
    assert [c.effective for c in line(floor, "2025-04-20").schedule] == [d("2025-05-01")]


def test_a_pause_and_a_decision_on_the_same_day_are_one_change() -> None:
    log: list[Event] = [
        announced("2025-04-02", "25", "2025-05-01"),
        paused("2025-04-03", "2025-06-01", "10", effective="2025-05-01"),
    ]
    got = line(log, "2025-04-05")
    assert [(c.rate_pct, c.pause) for c in got.schedule] == [(D(10), True)]
