"""The seed timeline is right at the boundaries an analyst asks about, through the real store.

Each date below is the first or last day of a state the sources name: the day a pause
began, the days a letter's rate never applied, the day each Section 232 line and its
Korean deal rate took effect.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from tests.conftest import RunCli
from tests.seed.conftest import line
from tracker.api import Tracker
from tracker.moments import today
from tracker.projections.tariffs import TariffLine

D = dt.date


def korea(seeded: Tracker, day: dt.date, measure: str) -> TariffLine:
    return line(seeded.tariffs(as_of=day, on="KR"), measure)


def test_the_april_2025_pause_applies_from_10_april(seeded: Tracker) -> None:
    ninth = korea(seeded, D(2025, 4, 9), "reciprocal")
    assert (ninth.applies_to, ninth.status, ninth.rate_pct) == ("KR", "in_effect", Decimal(25))
    assert ninth.pending is not None and ninth.pending.pause
    assert ninth.pending.effective == D(2025, 4, 10)
    tenth = korea(seeded, D(2025, 4, 10), "reciprocal")
    assert (tenth.status, tenth.rate_pct, tenth.since) == ("paused", Decimal(10), D(2025, 4, 10))
    assert tenth.paused_until == D(2025, 7, 9)


def test_the_deal_order_keeps_the_pause_rate_after_1_august(seeded: Tracker) -> None:
    """The order extends the 10 % pause to 7 August: no change on 1 August, 15 % next."""
    rate = korea(seeded, D(2025, 7, 31), "reciprocal")
    assert (rate.status, rate.rate_pct, rate.paused_until) == ("paused", Decimal(10), D(2025, 8, 7))
    assert rate.pending is not None and not rate.pending.pause
    assert (rate.pending.rate_pct, rate.pending.effective) == (Decimal(15), D(2025, 8, 7))


@pytest.mark.parametrize("day", [D(2025, 8, d) for d in range(1, 7)])
def test_korea_pays_10_percent_until_the_deal_rate_applies(seeded: Tracker, day: dt.date) -> None:
    """The 7 July letter's 25 % never applied: 10 % until 6 August, 15 % from 7 August."""
    rate = korea(seeded, day, "reciprocal")
    assert (rate.applies_to, rate.status, rate.rate_pct) == ("KR", "paused", Decimal(10))
    assert rate.pending is not None
    assert (rate.pending.rate_pct, rate.pending.effective) == (Decimal(15), D(2025, 8, 7))


def test_korea_pays_15_percent_from_7_august_2025(seeded: Tracker) -> None:
    rate = korea(seeded, D(2025, 8, 7), "reciprocal")
    assert (rate.status, rate.rate_pct, rate.basis, rate.since) == (
        "in_effect",
        Decimal(15),
        "additional",
        D(2025, 8, 7),
    )
    assert rate.threat is None, "the letter's 25 % is resolved by the deal"


def test_the_letter_of_7_july_2025_is_a_threat(seeded: Tracker) -> None:
    rate = korea(seeded, D(2025, 7, 8), "reciprocal")
    assert rate.status == "paused"
    assert rate.threat is not None and rate.threat.rate_pct == Decimal(25)


def month_ends() -> list[dt.date]:
    days = []
    for year, month in [(2025, m) for m in range(4, 13)] + [(2026, m) for m in range(1, 7)]:
        following = D(year + month // 12, month % 12 + 1, 1)
        days.append(following - dt.timedelta(days=1))
    return [D(2025, 4, 5), *days]


@pytest.mark.parametrize("day", month_ends())
def test_no_stale_universal_threat_once_the_10_percent_applies(
    seeded: Tracker, day: dt.date
) -> None:
    stale = [
        item
        for item in seeded.tariffs(as_of=day)
        if item.threat is not None and item.threat.rate_max_pct == Decimal(20)
    ]
    assert not stale, f"the January 2025 10-20 % threat still shows on {day}: {stale}"
    assert "baseline" not in {item.measure for item in seeded.tariffs(as_of=day, on="KR")}


def test_the_universal_threat_shows_until_it_is_decided(seeded: Tracker) -> None:
    before = line(seeded.tariffs(as_of=D(2025, 3, 1), on="KR"), "reciprocal")
    assert (before.applies_to, before.status) == ("*", "threatened")
    assert before.threat is not None
    assert (before.threat.rate_min_pct, before.threat.rate_max_pct) == (Decimal(10), Decimal(20))


# (measure, day before, first day, Korea's rate from the first day, applies_to, basis)
SECTION_232 = [
    ("copper-232", D(2025, 7, 31), D(2025, 8, 1), Decimal(50), "*", "additional"),
    ("lumber-232", D(2025, 10, 13), D(2025, 10, 14), Decimal(10), "*", "additional"),
    ("wood-products-232", D(2025, 10, 13), D(2025, 10, 14), Decimal(25), "*", "additional"),
    ("trucks-232", D(2025, 10, 31), D(2025, 11, 1), Decimal(25), "*", "additional"),
    ("truck-parts-232", D(2025, 10, 31), D(2025, 11, 1), Decimal(25), "*", "additional"),
    ("buses-232", D(2025, 10, 31), D(2025, 11, 1), Decimal(10), "*", "additional"),
    ("semiconductors-232", D(2026, 1, 14), D(2026, 1, 15), Decimal(25), "*", "additional"),
    ("pharma-232", D(2026, 7, 30), D(2026, 7, 31), Decimal(15), "KR", "floor"),
]


@pytest.mark.parametrize(
    ("measure", "before", "first", "rate", "applies_to", "basis"),
    SECTION_232,
    ids=[row[0] for row in SECTION_232],
)
def test_each_section_232_line_starts_on_its_day(
    seeded: Tracker,
    measure: str,
    before: dt.date,
    first: dt.date,
    rate: Decimal,
    applies_to: str,
    basis: str,
) -> None:
    pending = korea(seeded, before, measure)
    assert pending.status in ("pending", "threatened", "in_effect")
    assert pending.pending is not None and pending.pending.effective == first
    started = korea(seeded, first, measure)
    assert (started.status, started.rate_pct, started.since) == ("in_effect", rate, first)
    assert (started.applies_to, started.basis) == (applies_to, basis)
    assert started.products, f"{measure}: say what the decision covers"


def test_korean_wood_products_at_the_deal_rate_from_14_november(seeded: Tracker) -> None:
    """Decided on 3 December, retroactive to 14 November: before the notice, the worldwide 25 %."""
    after = korea(seeded, D(2025, 12, 4), "wood-products-232")
    assert (after.applies_to, after.rate_pct, after.basis, after.since) == (
        "KR",
        Decimal(15),
        "floor",
        D(2025, 11, 14),
    )
    before_notice = korea(seeded, D(2025, 11, 20), "wood-products-232")
    assert (before_notice.applies_to, before_notice.rate_pct) == ("*", Decimal(25))


def test_korean_lumber_pays_the_worldwide_rate(seeded: Tracker) -> None:
    """The deal's 15 % reached only wood products; softwood lumber stayed at 10 % for all."""
    lumber = korea(seeded, D(2026, 3, 31), "lumber-232")
    assert (lumber.applies_to, lumber.rate_pct) == ("*", Decimal(10))


def test_the_semiconductor_tariff_is_narrow(seeded: Tracker) -> None:
    chips = korea(seeded, D(2026, 1, 20), "semiconductors-232")
    assert chips.products is not None
    assert "narrow" in chips.products and "exempt" in chips.products


def test_the_steel_line_says_what_each_decision_covers(seeded: Tracker) -> None:
    covered = {
        day: korea(seeded, day, "steel-aluminium-232")
        for day in (D(2025, 3, 12), D(2025, 6, 23), D(2025, 8, 18), D(2026, 4, 6))
    }
    assert [item.rate_pct for item in covered.values()] == [Decimal(25), *[Decimal(50)] * 3]
    products = [item.products or "" for item in covered.values()]
    assert len(set(products)) == 4, "each decision says what it adds"
    assert "appliances" in products[1] and "407" in products[2] and "Annex" in products[3]


def test_steel_at_50_percent_is_decided_by_the_proclamation_of_3_june(seeded: Tracker) -> None:
    promised = korea(seeded, D(2025, 6, 1), "steel-aluminium-232")
    assert (promised.rate_pct, promised.pending) == (Decimal(25), None)
    assert promised.threat is not None and promised.threat.rate_pct == Decimal(50)
    decided = korea(seeded, D(2025, 6, 3), "steel-aluminium-232")
    assert decided.pending is not None and decided.pending.effective == D(2025, 6, 4)
    assert decided.threat is None


# Counterpart: (first meeting, last meeting, ids that must be among them).
COUNTERPARTS = {
    "Jamieson Greer": (
        D(2025, 2, 28),
        D(2026, 3, 6),
        {
            "2025-07-30-korean-team-meets-trump",
            "2025-10-29-gyeongju-summit",
            "2026-01-22-yeo-greer-davos",
        },
    ),
    "Howard Lutnick": (
        D(2025, 2, 27),
        D(2026, 3, 6),
        {"2025-07-26-kim-yeo-lutnick-greer-scotland", "2025-10-16-kims-yeo-lutnick"},
    ),
    "Scott Bessent": (
        D(2025, 2, 28),
        D(2026, 1, 12),
        {"2025-02-28-choi-bessent-video", "2025-07-30-korean-team-meets-trump"},
    ),
    "Donald Trump": (
        D(2024, 11, 7),
        D(2025, 10, 29),
        {"2024-11-07-yoon-trump-call", "2025-06-06-lee-trump-call"},
    ),
}


@pytest.mark.parametrize("name", sorted(COUNTERPARTS))
def test_meetings_with_the_counterparts_users_ask_about(seeded: Tracker, name: str) -> None:
    day = D(2026, 6, 30)
    [row] = [item for item in seeded.meetings(as_of=day) if item.counterpart == name]
    held = [
        event
        for event in seeded.effective_log(as_of=day)
        if event.type == "meeting.held" and any(person.name == name for person in event.theirs)  # type: ignore[attr-defined]
    ]
    first, last, must = COUNTERPARTS[name]
    assert row.count == len(held) >= 6
    assert (row.first, row.last) == (first, last)
    assert must <= {meeting.id for meeting in row.meetings}


def test_retracted_meetings_are_not_counted(seeded: Tracker) -> None:
    ids = {m.id for row in seeded.meetings(as_of=D(2026, 6, 30)) for m in row.meetings}
    assert "2025-06-22-yeo-washington-round" not in ids
    assert "2025-04-08-cheong-kimmitt-kessler" not in ids
    assert "2025-04-09-cheong-kimmitt-kessler" in ids


def test_the_record_as_published_by_6_april_2025(seeded: Tracker) -> None:
    """Known on 6 April, the state of 5 April is complete: each line cites a report of then."""
    then = {
        item.measure: item
        for item in seeded.tariffs(as_of=D(2025, 4, 5), known_on=D(2025, 4, 6), on="KR")
    }
    assert set(then) == {"auto-parts-232", "autos-232", "reciprocal", "steel-aluminium-232"}
    assert (then["steel-aluminium-232"].rate_pct, then["autos-232"].rate_pct) == (25, 25)
    assert then["auto-parts-232"].pending is not None
    assert then["auto-parts-232"].pending.effective == D(2025, 5, 3)
    reciprocal = then["reciprocal"]
    assert (reciprocal.applies_to, reciprocal.rate_pct, reciprocal.threat) == ("*", 10, None)
    assert reciprocal.pending is not None and reciprocal.pending.rate_pct == 25
    # The universal threat had moved to the reciprocal line by then (corrected as of 2 April).
    january = line(seeded.tariffs(as_of=D(2025, 3, 1), known_on=D(2025, 4, 1), on="KR"), "baseline")
    assert january.status == "threatened"


def test_the_pause_is_known_from_the_report_it_cites(seeded: Tracker) -> None:
    """Reported on 10 April (KST), the day it began to apply: known that day, not the day before."""
    before = korea_known(seeded, D(2025, 4, 9))
    assert (before.status, before.rate_pct) == ("in_effect", Decimal(25))
    after = korea_known(seeded, D(2025, 4, 10))
    assert (after.status, after.rate_pct, after.since) == ("paused", Decimal(10), D(2025, 4, 10))


def korea_known(seeded: Tracker, known_on: dt.date) -> TariffLine:
    return line(seeded.tariffs(as_of=D(2025, 4, 10), known_on=known_on, on="KR"), "reciprocal")


# Korea's lines on 20 November 2025: (measure, as the day stood, in hindsight, first day of the cut)
RETROACTIVE = [
    ("autos-232", Decimal(25), Decimal(15), D(2025, 11, 1)),
    ("auto-parts-232", Decimal(25), Decimal(15), D(2025, 11, 1)),
    ("wood-products-232", Decimal(25), Decimal(15), D(2025, 11, 14)),
    ("reciprocal", Decimal(15), Decimal(15), D(2025, 11, 14)),
]


@pytest.mark.parametrize(
    ("measure", "then", "finally_paid", "since"), RETROACTIVE, ids=[row[0] for row in RETROACTIVE]
)
def test_the_retroactive_cuts_of_december_2025_in_hindsight(
    seeded: Tracker, measure: str, then: Decimal, finally_paid: Decimal, since: dt.date
) -> None:
    day = D(2025, 11, 20)
    stood = korea(seeded, day, measure)
    assert (stood.rate_pct, stood.basis) == (then, "additional")
    settled = line(seeded.tariffs(as_of=day, on="KR", decided_by=today()), measure)
    assert (settled.applies_to, settled.rate_pct, settled.basis, settled.since) == (
        "KR",
        finally_paid,
        "floor",
        since,
    )


def test_hindsight_changes_nothing_that_was_not_made_retroactive(seeded: Tracker) -> None:
    for day in (D(2025, 4, 9), D(2025, 8, 3), D(2026, 2, 21)):
        assert seeded.tariffs(as_of=day, on="KR") == seeded.tariffs(
            as_of=day, on="KR", decided_by=today()
        )


def test_a_fresh_default_store_answers_in_hindsight(run_cli: RunCli) -> None:
    args = ("tariffs", "--as-of", "2025-11-20", "--on", "KR", "--json")
    stood, settled = (json.loads(run_cli(*args, *extra).stdout) for extra in ((), ("--hindsight",)))
    cars = {row["measure"]: row for row in settled}["autos-232"]
    assert (cars["applies_to"], cars["rate_pct"], cars["basis"], cars["since"]) == (
        "KR",
        "15",
        "floor",
        "2025-11-01",
    )
    assert {row["measure"]: row for row in stood}["autos-232"]["rate_pct"] == "25"
