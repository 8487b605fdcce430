"""The seed timeline answers the questions a journalist asks, through the real store.

Each answer is computed by the real codec, store and projections from the
files in events/, and checked against what the sources say.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.seed.conftest import line
from tracker.api import Tracker
from tracker.moments import MomentError, today
from tracker.projections.tariffs import TariffLine


def test_korean_cars_on_5_april_2025(seeded: Tracker) -> None:
    """Q1: the worldwide Section 232 auto tariff, 25 % since 3 April."""
    cars = line(seeded.tariffs(as_of=dt.date(2025, 4, 5), on="KR"), "autos-232")
    assert (cars.status, cars.rate_pct, cars.since) == (
        "in_effect",
        Decimal(25),
        dt.date(2025, 4, 3),
    )
    assert cars.applies_to == "*"
    assert cars.event_ids, "the answer is traceable to its sources"
    before = line(seeded.tariffs(as_of=dt.date(2025, 4, 2), on="KR"), "autos-232")
    assert before.status == "pending"
    assert before.pending is not None
    assert before.pending.effective == dt.date(2025, 4, 3)


def test_how_often_korea_met_the_ustr_and_when_last(seeded: Tracker) -> None:
    """Q2: every meeting with Jamieson Greer, the last on 6 March 2026 in Washington."""
    [greer] = [
        row
        for row in seeded.meetings(as_of=dt.date(2026, 6, 30))
        if row.counterpart == "Jamieson Greer"
    ]
    held = [m for m in seeded.effective_log(as_of=dt.date(2026, 6, 30)) if m.type == "meeting.held"]
    with_greer = [
        m
        for m in held
        if any(p.name == "Jamieson Greer" for p in m.theirs)  # type: ignore[attr-defined]
    ]
    assert greer.count == len(with_greer) >= 15
    assert (greer.first, greer.last) == (dt.date(2025, 2, 28), dt.date(2026, 3, 6))
    assert {"2026-01-13-yeo-greer", "2026-03-06-yeo-greer"} <= {m.id for m in greer.meetings}
    earlier = [
        row
        for row in seeded.meetings(as_of=dt.date(2026, 3, 5))
        if row.counterpart == "Jamieson Greer"
    ]
    assert earlier[0].count == greer.count - 1


def test_korea_missed_its_2024_export_target(seeded: Tracker) -> None:
    """Q3: $700bn set, $683.8bn reported on 1 January 2025: missed by $16.2bn."""
    [target] = [
        row
        for row in seeded.targets(as_of=dt.date(2025, 1, 1))
        if (row.metric, row.period) == ("exports.total", "2024")
    ]
    assert target.target == Decimal("700000000000")
    assert target.actual == Decimal("683800000000")
    assert target.status == "missed"
    assert target.gap == Decimal("-16200000000")
    assert target.reported_on == dt.date(2025, 1, 1)
    [open_before] = [
        row
        for row in seeded.targets(as_of=dt.date(2024, 12, 31))
        if (row.metric, row.period) == ("exports.total", "2024")
    ]
    assert open_before.status == "open"


def test_what_changed_between_the_2plus2_and_the_deal(seeded: Tracker) -> None:
    """Q4: from the 2+2 (24 April 2025) to the deal's executive order taking effect."""
    changes = seeded.diff(dt.date(2025, 4, 24), dt.date(2025, 8, 7))
    by_key = {(c.projection, c.key): c for c in changes}
    reciprocal = by_key[("tariffs", "US/KR/reciprocal")]
    assert reciprocal.change == "changed"
    assert reciprocal.before is not None and reciprocal.after is not None
    assert reciprocal.before["status"] == "paused"
    assert (reciprocal.after["status"], reciprocal.after["rate_pct"]) == ("in_effect", "15")
    assert by_key[("tariffs", "US/*/steel-aluminium-232")].after["rate_pct"] == "50"  # type: ignore[index]
    assert by_key[("meetings", "Howard Lutnick")].change == "changed"


def test_korea_reciprocal_rate_on_10_august_2025(seeded: Tracker) -> None:
    rate = line(seeded.tariffs(as_of=dt.date(2025, 8, 10), on="KR"), "reciprocal")
    assert (rate.applies_to, rate.status, rate.rate_pct) == ("KR", "in_effect", Decimal(15))
    assert (rate.basis, rate.since) == ("additional", dt.date(2025, 8, 7))


def test_korean_cars_on_10_december_2025_retroactive(seeded: Tracker) -> None:
    cars = line(seeded.tariffs(as_of=dt.date(2025, 12, 10), on="KR"), "autos-232")
    assert (cars.applies_to, cars.status, cars.rate_pct) == ("KR", "in_effect", Decimal(15))
    assert (cars.basis, cars.since) == ("floor", dt.date(2025, 11, 1))
    # Before the notice (3 December) nobody knew of the cut: still the worldwide 25 %.
    late_november = line(seeded.tariffs(as_of=dt.date(2025, 11, 20), on="KR"), "autos-232")
    assert (late_november.applies_to, late_november.rate_pct) == ("*", Decimal(25))


def test_2025_auto_exports_a_record_beating_2023(seeded: Tracker) -> None:
    [autos] = [r for r in seeded.records(as_of=dt.date(2026, 3, 31)) if r.metric == "exports.autos"]
    assert (autos.period, autos.value, autos.date) == (
        "2025",
        Decimal("72000000000"),
        dt.date(2026, 1, 15),
    )
    assert autos.previous is not None
    assert (autos.previous.period, autos.previous.value) == ("2023", Decimal("70900000000"))


def test_the_2plus2_of_25_july_leaves_the_upcoming_list_when_called_off(seeded: Tracker) -> None:
    def upcoming_on(day: dt.date) -> set[str]:
        return {u.id for row in seeded.meetings(as_of=day) for u in row.upcoming}

    assert "2025-07-22-2plus2-scheduled" in upcoming_on(dt.date(2025, 7, 22))
    assert "2025-07-22-2plus2-scheduled" not in upcoming_on(dt.date(2025, 7, 23))


def test_the_supreme_court_ruling_lifts_korea_reciprocal_rate(seeded: Tracker) -> None:
    rate = line(seeded.tariffs(as_of=dt.date(2026, 2, 21), on="KR"), "reciprocal")
    assert rate.status == "lifted"
    assert rate.since == dt.date(2026, 2, 20)


def test_korean_cars_on_20_november_2025_in_hindsight(seeded: Tracker) -> None:
    """What cars entering on 20 November finally paid: the cut of 3 December reaches back."""
    cars = line(
        seeded.tariffs(as_of=dt.date(2025, 11, 20), on="KR", decided_by=today()),
        "autos-232",
    )
    assert (cars.applies_to, cars.status, cars.rate_pct) == ("KR", "in_effect", Decimal(15))
    assert (cars.basis, cars.since) == ("floor", dt.date(2025, 11, 1))


def test_the_2024_export_target_in_hindsight_of_its_last_day(seeded: Tracker) -> None:
    [target] = [
        row
        for row in seeded.targets(as_of=dt.date(2024, 12, 31), decided_by=today())
        if (row.metric, row.period) == ("exports.total", "2024")
    ]
    assert (target.status, target.gap) == ("missed", Decimal("-16200000000"))
    with pytest.raises(MomentError, match="decided_by may not be before as_of"):
        seeded.targets(as_of=dt.date(2024, 12, 31), decided_by=dt.date(2024, 12, 30))


def test_hindsight_is_bounded_by_what_was_known(seeded: Tracker) -> None:
    """The notice of the cut was published on 4 December: known on the 3rd, still 25 %."""

    def cars(known_on: dt.date) -> TariffLine:
        lines = seeded.tariffs(
            as_of=dt.date(2025, 11, 20), on="KR", decided_by=today(), known_on=known_on
        )
        return line(lines, "autos-232")

    assert cars(dt.date(2025, 12, 3)).rate_pct == Decimal(25)
    assert (cars(dt.date(2025, 12, 4)).rate_pct, cars(dt.date(2025, 12, 4)).basis) == (
        Decimal(15),
        "floor",
    )
