"""A threat's own scope, and a threat that lowers the rate: a promised cut, not a threat."""

from __future__ import annotations

from decimal import Decimal as D

from tracker.model import Event
from tracker.projections.tariff_steps import tariff_steps
from tracker.projections.tariffs import TariffLine, tariff_lines

from .builders import announced, d, paused, threatened

AUTOS_ALL = ("US", "*", "autos-232")
AUTOS_KR = ("US", "KR", "autos-232")
WOOD_KR = ("US", "KR", "wood-products-232")


def lines(log: list[Event], as_of: str, on: str | None = None) -> dict[str, TariffLine]:
    return {line.applies_to: line for line in tariff_lines(log, d(as_of), on=on)}


def test_a_threat_keeps_its_own_products_and_leaves_the_rate_in_force_its_scope() -> None:
    log: list[Event] = [
        announced("2025-12-03", "15", "2025-11-14", key=WOOD_KR, products="furniture; cabinets"),
        threatened("2026-01-26", "25", key=WOOD_KR, products="lumber"),
    ]
    got = lines(log, "2026-01-26")["KR"]
    assert (got.products, got.rate_pct) == ("furniture; cabinets", D(15))
    assert got.threat is not None and got.threat.products == "lumber"


def test_a_line_of_threats_alone_is_about_what_they_name() -> None:
    log: list[Event] = [threatened("2025-09-29", "50", key=WOOD_KR, products="cabinets")]
    got = lines(log, "2025-09-30")["KR"]
    assert (got.status, got.products) == ("threatened", "cabinets")
    decided = [*log, announced("2025-10-14", "25", key=WOOD_KR, products="furniture")]
    assert lines(decided, "2025-10-14")["KR"].products == "furniture"


KOREAN_CARS: list[Event] = [
    announced("2025-03-26", "25", "2025-04-03", key=AUTOS_ALL),
    threatened("2025-07-31", "15", key=AUTOS_KR),
]


def test_a_rate_below_what_the_country_pays_is_a_promised_cut() -> None:
    got = lines(KOREAN_CARS, "2025-11-20")
    assert (got["KR"].status, got["KR"].threat is not None) == ("promised", True)
    assert got["KR"].threat is not None and got["KR"].threat.promised
    [riding] = tariff_lines(KOREAN_CARS, d("2025-11-20"), on="KR")
    assert (riding.applies_to, riding.status, riding.rate_pct) == ("*", "in_effect", D(25))
    assert riding.threat is not None and riding.threat.promised


def test_a_rate_above_what_is_paid_stays_a_threat() -> None:
    log: list[Event] = [
        announced("2025-12-03", "15", "2025-11-01", key=AUTOS_KR, basis="floor"),
        threatened("2026-01-26", "25", key=AUTOS_KR),
    ]
    got = lines(log, "2026-01-26")["KR"]
    assert got.status == "in_effect"
    assert got.threat is not None and not got.threat.promised
    same = [log[0], threatened("2026-01-26", "15", key=AUTOS_KR)]
    threat = lines(same, "2026-01-26")["KR"].threat
    assert threat is not None and not threat.promised, "the same rate is no cut"


def test_with_nothing_paid_a_threat_is_a_threat() -> None:
    got = lines([threatened("2025-07-31", "15", key=AUTOS_KR)], "2025-08-01")["KR"]
    assert got.status == "threatened"
    assert got.threat is not None and not got.threat.promised


def test_before_anything_is_paid_the_rate_decided_is_the_measure() -> None:
    log: list[Event] = [
        announced("2025-04-02", "25", "2025-04-09", key=AUTOS_KR),
        threatened("2025-04-03", "20", key=AUTOS_KR),
    ]
    threat = lines(log, "2025-04-03")["KR"].threat
    assert threat is not None and threat.promised


def test_a_range_is_a_cut_only_if_all_of_it_is_below() -> None:
    below = [KOREAN_CARS[0], threatened("2025-07-31", low="10", high="20", key=AUTOS_KR)]
    assert lines(below, "2025-08-01")["KR"].status == "promised"
    across = [KOREAN_CARS[0], threatened("2025-07-31", low="20", high="30", key=AUTOS_KR)]
    assert lines(across, "2025-08-01")["KR"].status == "threatened"


def test_a_pause_without_a_rate_leaves_nothing_to_cut() -> None:
    log: list[Event] = [
        announced("2025-04-02", "25", key=AUTOS_KR),
        paused("2025-04-09", "2025-07-09", key=AUTOS_KR),
        threatened("2025-04-10", "15", key=AUTOS_KR),
    ]
    got = lines(log, "2025-04-10")["KR"]
    assert got.status == "paused"
    assert got.threat is not None and not got.threat.promised


def test_the_steps_of_a_line_read_a_promise_as_the_report_does() -> None:
    steps = tariff_steps(KOREAN_CARS, "US", "autos-232", "KR")
    at = steps.at(d("2025-08-01"))
    assert at is not None and at.status == "promised"
    everyone = tariff_steps(KOREAN_CARS, "US", "autos-232", "*", on="KR").at(d("2025-08-01"))
    assert everyone is not None and (everyone.status, everyone.rate_pct) == ("in_effect", D(25))
