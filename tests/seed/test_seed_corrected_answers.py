"""Answers the curated timeline once got wrong or could not give, checked through the real store.

Each test names the question an analyst asked: the Canada and Mexico duties after the
Supreme Court ruling, the 2025 chip-export record, the 2025 arms-export target, who
was in the room, and what was known on the day a fact was first reported.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.seed.conftest import line
from tracker.api import Tracker
from tracker.model import MeetingHeld

D = dt.date


@pytest.mark.parametrize("country", ["CA", "MX"])
def test_the_supreme_court_ruling_lifts_the_fentanyl_tariffs_too(
    seeded: Tracker, country: str
) -> None:
    before = line(seeded.tariffs(as_of=D(2026, 2, 19), on=country), "fentanyl")
    assert (before.applies_to, before.status) == (country, "in_effect")
    after = line(seeded.tariffs(as_of=D(2026, 3, 1), on=country), "fentanyl")
    assert (after.status, after.since) == ("lifted", D(2026, 2, 20))


def test_canada_pays_35_percent_from_1_august_2025(seeded: Tracker) -> None:
    july = line(seeded.tariffs(as_of=D(2025, 7, 31), on="CA"), "fentanyl")
    assert (july.status, july.rate_pct) == ("in_effect", Decimal(25))
    august = line(seeded.tariffs(as_of=D(2025, 8, 1), on="CA"), "fentanyl")
    assert (august.status, august.rate_pct, august.since) == (
        "in_effect",
        Decimal(35),
        D(2025, 8, 1),
    )
    mexico = line(seeded.tariffs(as_of=D(2025, 8, 1), on="MX"), "fentanyl")
    assert mexico.rate_pct == Decimal(25), "Mexico's rate did not change"


def test_2025_chip_exports_are_the_record(seeded: Tracker) -> None:
    [chips] = [
        row
        for row in seeded.records(as_of=D(2026, 6, 30))
        if row.metric == "exports.semiconductors"
    ]
    assert (chips.period, chips.value, chips.date) == (
        "2025",
        Decimal("173400000000"),
        D(2026, 1, 1),
    )
    assert chips.previous is not None
    assert (chips.previous.period, chips.previous.value) == ("2024", Decimal("141900000000"))


def test_the_2025_arms_export_targets_are_settled_once_the_year_is_reported(
    seeded: Tracker,
) -> None:
    rows = [
        row
        for row in seeded.targets(as_of=D(2026, 6, 30))
        if (row.metric, row.period) == ("exports.arms", "2025")
    ]
    assert len(rows) == 2, "the official target and the officials' stated hope"
    assert {(row.status, row.actual) for row in rows} == {("missed", Decimal("15200000000"))}


def test_every_monthly_release_of_2025_from_march_is_recorded(seeded: Tracker) -> None:
    periods = {
        event.period
        for event in seeded.effective_log(as_of=D(2026, 6, 30))
        if getattr(event, "metric", None) == "exports.total"
    }
    assert {f"2025-{month:02d}" for month in range(3, 13)} <= periods


def ours(seeded: Tracker, event_id: str) -> set[str]:
    [event] = [e for e in seeded.effective_log(as_of=D(2026, 6, 30)) if e.id == event_id]
    assert isinstance(event, MeetingHeld)
    return {person.name for person in event.ours if person.name is not None}


def test_yeo_was_at_the_vought_meeting(seeded: Tracker) -> None:
    assert "Yeo Han-koo" in ours(seeded, "2025-10-16-kims-vought")


def test_lutnick_at_the_business_roundtable_counts_as_a_meeting(seeded: Tracker) -> None:
    [lutnick] = [
        row for row in seeded.meetings(as_of=D(2025, 8, 31)) if row.counterpart == "Howard Lutnick"
    ]
    assert "2025-08-25-korus-business-roundtable" in {item.id for item in lutnick.meetings}


@pytest.mark.parametrize(
    ("event_id", "first_known"),
    [
        ("2024-12-03-martial-law-declared", D(2024, 12, 4)),
        ("2025-01-20-trump-inaugurated", D(2025, 1, 21)),
        ("2025-04-04-yoon-removed-from-office", D(2025, 4, 4)),
        ("2025-04-08-han-trump-call", D(2025, 4, 9)),
        ("2025-06-03-lee-elected", D(2025, 6, 4)),
    ],
)
def test_a_fact_is_known_from_the_first_report_of_it(
    seeded: Tracker, event_id: str, first_known: dt.date
) -> None:
    def known_on(day: dt.date) -> set[str | None]:
        return {event.id for event in seeded.effective_log(known_on=day)}

    assert event_id not in known_on(first_known - dt.timedelta(days=1))
    assert event_id in known_on(first_known)


@pytest.mark.parametrize("measure", ["autos-232", "wood-products-232"])
def test_the_january_2026_threat_lapses_with_the_special_act(seeded: Tracker, measure: str) -> None:
    """Threatened on 26 January, never published: gone once the act passed on 12 March."""
    eve = line(seeded.tariffs(as_of=D(2026, 3, 11), on="KR"), measure)
    assert eve.threat is not None and eve.threat.rate_pct == Decimal(25)
    for day in (D(2026, 3, 12), D(2026, 6, 30)):
        after = line(seeded.tariffs(as_of=day, on="KR"), measure)
        assert (after.applies_to, after.rate_pct, after.threat) == ("KR", Decimal(15), None)


def test_the_pharma_threat_lapses_before_any_pharma_tariff(seeded: Tracker) -> None:
    """Korea's own threat stood in for the worldwide one; once lapsed, the * line shows again."""
    eve = line(seeded.tariffs(as_of=D(2026, 3, 11), on="KR"), "pharma-232")
    assert eve.threat is not None
    assert (eve.status, eve.threat.rate_pct, eve.threat.date) == ("threatened", 25, D(2026, 1, 26))
    lapsed = line(seeded.tariffs(as_of=D(2026, 3, 12), on="KR"), "pharma-232")
    assert lapsed.threat is not None
    assert (lapsed.applies_to, lapsed.threat.rate_pct, lapsed.threat.date) == (
        "*",
        100,
        D(2025, 9, 25),
    )
    decided = line(seeded.tariffs(as_of=D(2026, 4, 2), on="KR"), "pharma-232")
    assert decided.threat is None, "the proclamation of 2 April decides the line"
