"""Tariff lines as of a date: every status, and each rule at its boundaries."""

from __future__ import annotations

from decimal import Decimal
from decimal import Decimal as D

from tracker.model import Event
from tracker.projections import rows_to_json
from tracker.projections.tariffs import PendingChange, TariffLine, Threat, tariff_lines

from .builders import announced, d, lifted, paused, threatened

AUTOS_KR = ("US", "KR", "autos-232")
AUTOS_ALL = ("US", "*", "autos-232")


def line(log: list[Event], as_of: str, on: str | None = None) -> TariffLine:
    [only] = tariff_lines(log, d(as_of), on)
    return only


def test_nothing_dated_by_as_of_gives_no_lines() -> None:
    assert tariff_lines([announced("2025-04-02", "25")], d("2025-04-01")) == []


def test_threatened_line_carries_the_threat_and_no_rate() -> None:
    log: list[Event] = [threatened("2025-01-25", low="10", high="20", eid="t1")]
    got = line(log, "2025-01-25")
    assert got.status == "threatened"
    assert got.rate_pct is None
    assert got.since == d("2025-01-25")
    assert got.threat == Threat(None, Decimal(10), Decimal(20), d("2025-01-25"))
    assert got.pending is None
    assert got.event_ids == ("t1",)


def test_a_newer_threat_replaces_the_old_but_since_stays() -> None:
    log: list[Event] = [threatened("2025-01-25", "10"), threatened("2025-02-01", "25")]
    got = line(log, "2025-02-01")
    assert got.status == "threatened"
    assert got.since == d("2025-01-25")
    assert got.threat is not None and got.threat.rate_pct == 25
    assert got.threat.date == d("2025-02-01")


def test_pending_around_the_effective_date() -> None:
    log: list[Event] = [announced("2025-03-26", "25", "2025-04-03", key=AUTOS_ALL)]
    before = line(log, "2025-04-02")
    assert before.status == "pending"
    assert before.rate_pct is None
    assert before.since == d("2025-03-26")
    assert before.pending == PendingChange(Decimal(25), d("2025-04-03"), d("2025-03-26"))
    for day in ("2025-04-03", "2025-04-04"):
        after = line(log, day)
        assert after.status == "in_effect"
        assert after.rate_pct == 25
        assert after.since == d("2025-04-03")
        assert after.pending is None


def test_announcement_effective_on_its_own_date() -> None:
    got = line([announced("2025-05-30", "50")], "2025-05-30")
    assert (got.status, got.rate_pct, got.since) == ("in_effect", D(50), d("2025-05-30"))


def test_pending_change_on_a_line_in_effect() -> None:
    log: list[Event] = [
        announced("2025-02-10", "25", "2025-03-12"),
        announced("2025-05-30", "50", "2025-06-04"),
    ]
    got = line(log, "2025-06-03")
    assert (got.status, got.rate_pct, got.since) == ("in_effect", D(25), d("2025-03-12"))
    assert got.pending == PendingChange(Decimal(50), d("2025-06-04"), d("2025-05-30"))
    got = line(log, "2025-06-04")
    assert (got.rate_pct, got.since, got.pending) == (D(50), d("2025-06-04"), None)


def test_pending_shows_the_next_change_only() -> None:
    log: list[Event] = [
        announced("2025-04-02", "10", "2025-04-05"),
        announced("2025-04-02", "25", "2025-04-09"),
    ]
    got = line(log, "2025-04-04")
    assert got.pending is not None
    assert (got.pending.rate_pct, got.pending.effective) == (D(10), d("2025-04-05"))
    got = line(log, "2025-04-05")
    assert got.pending is not None
    assert (got.rate_pct, got.pending.rate_pct) == (D(10), D(25))


def test_a_later_announcement_replaces_decisions_from_its_effective_date() -> None:
    log: list[Event] = [
        announced("2025-04-01", "30", "2025-04-10"),
        announced("2025-04-02", "20", "2025-04-05"),
    ]
    got = line(log, "2025-04-12")
    assert (got.status, got.rate_pct, got.since) == ("in_effect", D(20), d("2025-04-05"))
    assert got.pending is None


def test_retroactive_announcement_counts_once_its_own_date_is_reached() -> None:
    log: list[Event] = [
        announced("2025-03-26", "25", "2025-04-03", key=AUTOS_KR),
        announced("2025-12-03", "15", "2025-11-01", key=AUTOS_KR),
    ]
    day_before = line(log, "2025-12-02")
    assert (day_before.rate_pct, day_before.since) == (D(25), d("2025-04-03"))
    for day in ("2025-12-03", "2025-12-04"):
        got = line(log, day)
        assert (got.status, got.rate_pct, got.since) == ("in_effect", D(15), d("2025-11-01"))
        assert got.pending is None


def test_paused_around_the_pause_and_its_end() -> None:
    log: list[Event] = [
        announced("2025-04-02", "25", "2025-04-09"),
        paused("2025-04-10", "2025-07-09", "10"),
    ]
    assert line(log, "2025-04-09").status == "in_effect"
    for day in ("2025-04-10", "2025-07-08"):
        got = line(log, day)
        assert (got.status, got.rate_pct, got.since) == ("paused", D(10), d("2025-04-10"))
        assert got.paused_until == d("2025-07-09")
    for day in ("2025-07-09", "2025-07-10"):
        got = line(log, day)
        assert (got.status, got.rate_pct, got.since) == ("in_effect", D(25), d("2025-07-09"))
        assert got.paused_until is None


def test_a_pause_ends_on_a_change_announced_to_take_effect_by_then() -> None:
    log: list[Event] = [
        announced("2025-04-02", "25", "2025-04-09"),
        paused("2025-04-09", "2025-07-09", "10"),
        paused("2025-07-07", "2025-08-01", "10"),  # extension
        announced("2025-07-07", "25", "2025-08-01"),
        announced("2025-07-31", "15", "2025-08-07"),
    ]
    extended = line(log, "2025-07-31")
    assert (extended.status, extended.since) == ("paused", d("2025-04-09"))
    assert extended.paused_until == d("2025-08-01")
    assert extended.pending == PendingChange(Decimal(25), d("2025-08-01"), d("2025-07-07"))
    back = line(log, "2025-08-01")
    assert (back.status, back.rate_pct, back.since) == ("in_effect", D(25), d("2025-08-01"))
    assert back.pending == PendingChange(Decimal(15), d("2025-08-07"), d("2025-07-31"))
    deal = line(log, "2025-08-07")
    assert (deal.rate_pct, deal.since, deal.pending) == (D(15), d("2025-08-07"), None)


def test_a_change_effective_during_a_pause_waits_for_its_end() -> None:
    log: list[Event] = [
        announced("2025-04-02", "25", "2025-04-09"),
        announced("2025-04-03", "30", "2025-05-01"),
        paused("2025-04-20", "2025-06-01", "10"),
    ]
    during = line(log, "2025-05-15")
    assert (during.status, during.rate_pct, during.pending) == ("paused", D(10), None)
    after = line(log, "2025-06-01")
    assert (after.status, after.rate_pct, after.since) == ("in_effect", D(30), d("2025-06-01"))


def test_an_extension_at_another_rate_restarts_since() -> None:
    log: list[Event] = [
        announced("2025-04-02", "125"),
        paused("2025-05-12", "2025-08-12", "30"),
        paused("2025-08-11", "2025-11-10", "20"),
    ]
    got = line(log, "2025-08-11")
    assert (got.status, got.rate_pct, got.since) == ("paused", D(20), d("2025-08-11"))
    assert got.paused_until == d("2025-11-10")


def test_a_decision_announced_during_a_pause_ends_it_when_it_takes_effect() -> None:
    log: list[Event] = [
        announced("2025-04-02", "25", "2025-04-09"),
        paused("2025-04-09", None, "10"),
        announced("2025-06-01", "15", "2025-06-10"),
    ]
    got = line(log, "2025-06-09")
    assert (got.status, got.paused_until) == ("paused", d("2025-06-10"))
    got = line(log, "2025-06-10")
    assert (got.status, got.rate_pct, got.since) == ("in_effect", D(15), d("2025-06-10"))


def test_a_pause_without_a_rate_shows_no_rate() -> None:
    log: list[Event] = [announced("2025-04-02", "25"), paused("2025-04-09")]
    got = line(log, "2025-04-09")
    assert (got.status, got.rate_pct, got.paused_until) == ("paused", None, None)


def test_a_line_whose_only_pause_ran_out_is_lifted() -> None:
    got = line([paused("2025-04-09", "2025-05-01", "10")], "2025-05-01")
    assert (got.status, got.rate_pct, got.since) == ("lifted", None, d("2025-05-01"))


def test_lifted_on_its_effective_date() -> None:
    log: list[Event] = [announced("2025-04-02", "15"), lifted("2026-02-20")]
    assert line(log, "2026-02-19").status == "in_effect"
    got = line(log, "2026-02-20")
    assert (got.status, got.rate_pct, got.since) == ("lifted", None, d("2026-02-20"))


def test_a_future_lift_is_a_pending_lift_on_a_line_still_in_effect() -> None:
    log: list[Event] = [announced("2025-04-02", "15"), lifted("2026-02-20", "2026-03-01")]
    got = line(log, "2026-02-28")
    assert (got.status, got.rate_pct) == ("in_effect", D(15))
    assert got.pending == PendingChange(None, d("2026-03-01"), d("2026-02-20"), lift=True)
    got = line(log, "2026-03-01")
    assert (got.status, got.since, got.pending) == ("lifted", d("2026-03-01"), None)


def test_a_retroactive_lift_counts_from_its_own_date() -> None:
    log: list[Event] = [announced("2025-04-02", "15"), lifted("2026-02-20", "2026-02-01")]
    assert line(log, "2026-02-19").status == "in_effect"
    got = line(log, "2026-02-20")
    assert (got.status, got.since) == ("lifted", d("2026-02-01"))


def test_a_lift_ends_a_pause() -> None:
    log: list[Event] = [
        announced("2025-04-02", "25"),
        paused("2025-04-09", "2025-07-09", "10"),
        lifted("2025-05-01"),
    ]
    got = line(log, "2025-05-01")
    assert (got.status, got.since, got.paused_until) == ("lifted", d("2025-05-01"), None)


def test_a_new_announcement_after_a_lift_reimposes() -> None:
    log: list[Event] = [
        announced("2025-04-02", "15"),
        lifted("2026-02-20"),
        announced("2026-02-21", "10", "2026-02-24"),
    ]
    got = line(log, "2026-02-23")
    assert got.status == "lifted"
    assert got.pending == PendingChange(Decimal(10), d("2026-02-24"), d("2026-02-21"))
    assert line(log, "2026-02-24").rate_pct == 10


def test_a_threat_rides_on_a_line_in_effect_until_a_decision() -> None:
    log: list[Event] = [
        announced("2025-12-03", "15", "2025-11-01", eid="deal"),
        threatened("2026-01-26", "25", eid="post"),
        announced("2026-03-01", "25", "2026-03-05", eid="hike"),
    ]
    riding = line(log, "2026-01-26")
    assert (riding.status, riding.rate_pct) == ("in_effect", D(15))
    assert riding.threat == Threat(Decimal(25), None, None, d("2026-01-26"))
    assert line(log, "2026-01-25").threat is None
    cleared = line(log, "2026-03-01")
    assert cleared.threat is None
    assert cleared.event_ids == ("deal", "post", "hike")


def test_a_threat_is_cleared_by_a_lift_but_not_by_a_pause() -> None:
    log: list[Event] = [announced("2025-04-02", "15"), threatened("2025-05-01", "25")]
    assert line([*log, paused("2025-05-02", "2025-06-01")], "2025-05-02").threat is not None
    assert line([*log, lifted("2025-05-02")], "2025-05-02").threat is None


def test_a_threat_before_any_decision_is_cleared_by_the_decision() -> None:
    log: list[Event] = [threatened("2025-01-25", "25"), announced("2025-03-26", "25", "2025-04-03")]
    got = line(log, "2025-03-26")
    assert (got.status, got.threat, got.since) == ("pending", None, d("2025-03-26"))


def test_basis_defaults_to_additional_and_follows_the_decision() -> None:
    log: list[Event] = [announced("2025-07-31", "15", "2025-08-07")]
    assert line(log, "2025-08-07").basis == "additional"
    log.append(announced("2025-12-03", "15", "2025-11-14", basis="floor"))
    got = line(log, "2025-12-03")
    assert (got.basis, got.since) == ("floor", d("2025-11-14"))


def test_a_reaffirmed_rate_does_not_restart_since() -> None:
    log: list[Event] = [announced("2025-04-02", "25"), announced("2025-07-07", "25", "2025-07-10")]
    got = line(log, "2025-07-10")
    assert (got.rate_pct, got.since) == (D(25), d("2025-04-02"))


def test_products_are_the_latest_given() -> None:
    log: list[Event] = [
        announced("2025-03-26", "25", products="passenger vehicles"),
        announced("2025-05-01", "25", products="passenger vehicles and light trucks"),
        paused("2025-06-01"),
    ]
    assert line(log, "2025-06-01").products == "passenger vehicles and light trucks"


def test_lines_are_sorted_by_imposed_by_applies_to_measure() -> None:
    log: list[Event] = [
        announced("2025-04-02", "25", key=("US", "KR", "reciprocal")),
        announced("2025-04-02", "25", key=("US", "*", "autos-232")),
        announced("2025-04-02", "25", key=("CN", "US", "reciprocal")),
        announced("2025-04-02", "25", key=("US", "KR", "autos-232")),
    ]
    keys = [(x.imposed_by, x.applies_to, x.measure) for x in tariff_lines(log, d("2025-04-02"))]
    assert keys == [
        ("CN", "US", "reciprocal"),
        ("US", "*", "autos-232"),
        ("US", "KR", "autos-232"),
        ("US", "KR", "reciprocal"),
    ]


def test_on_a_country_its_own_line_replaces_the_worldwide_one_once_begun() -> None:
    log: list[Event] = [
        announced("2025-03-26", "25", "2025-04-03", key=AUTOS_ALL, eid="world"),
        announced("2025-12-03", "15", "2025-11-01", key=AUTOS_KR, eid="kr"),
    ]
    assert line(log, "2025-12-02", on="KR").applies_to == "*"
    got = line(log, "2025-12-03", on="KR")
    assert (got.applies_to, got.rate_pct, got.event_ids) == ("KR", D(15), ("kr",))


def test_on_a_country_the_worldwide_line_carries_its_pending_change() -> None:
    log: list[Event] = [
        announced("2025-03-26", "25", "2025-04-03", key=AUTOS_ALL, eid="world"),
        announced("2025-10-29", "15", "2025-12-01", key=AUTOS_KR, eid="kr"),
    ]
    got = line(log, "2025-11-30", on="KR")
    assert (got.applies_to, got.status, got.rate_pct) == ("*", "in_effect", D(25))
    assert got.pending == PendingChange(Decimal(15), d("2025-12-01"), d("2025-10-29"))
    assert got.event_ids == ("world", "kr")
    got = line(log, "2025-12-01", on="KR")
    assert (got.applies_to, got.rate_pct, got.pending) == ("KR", D(15), None)


def test_on_a_country_the_worldwide_line_carries_its_threat() -> None:
    log: list[Event] = [
        announced("2025-03-26", "25", "2025-04-03", key=AUTOS_ALL),
        threatened("2026-01-26", "35", key=AUTOS_KR),
    ]
    got = line(log, "2026-01-26", on="KR")
    assert got.applies_to == "*"
    assert got.threat is not None and got.threat.rate_pct == 35
    assert line(log, "2026-01-26", on="JP").threat is None


def test_on_a_country_without_a_worldwide_line_its_line_shows_as_it_is() -> None:
    log: list[Event] = [threatened("2026-01-26", "25", key=AUTOS_KR)]
    got = line(log, "2026-01-26", on="KR")
    assert (got.applies_to, got.status) == ("KR", "threatened")


def test_on_a_country_shows_one_line_per_measure_and_only_its_own() -> None:
    log: list[Event] = [
        announced("2025-04-02", "25", key=("US", "KR", "reciprocal")),
        announced("2025-04-02", "24", key=("US", "JP", "reciprocal")),
        announced("2025-04-02", "10", key=("US", "*", "reciprocal")),
        announced("2025-03-26", "25", key=AUTOS_ALL),
    ]
    got = tariff_lines(log, d("2025-04-02"), on="KR")
    assert [(x.applies_to, x.measure, x.rate_pct) for x in got] == [
        ("*", "autos-232", D(25)),
        ("KR", "reciprocal", D(25)),
    ]


def test_the_json_keys_are_the_public_contract() -> None:
    log: list[Event] = [announced("2025-04-02", "25", "2025-04-09"), threatened("2025-04-03", "50")]
    [row] = rows_to_json(tariff_lines(log, d("2025-04-03")))
    assert list(row) == [
        "imposed_by",
        "applies_to",
        "measure",
        "products",
        "status",
        "rate_pct",
        "basis",
        "since",
        "pending",
        "schedule",
        "paused_until",
        "threat",
        "event_ids",
    ]
    assert set(row["pending"]) >= {"rate_pct", "effective", "announced"}
    assert row["schedule"] == [row["pending"]]
    assert list(row["threat"])[:4] == ["rate_pct", "rate_min_pct", "rate_max_pct", "date"]
    assert (row["threat"]["products"], row["threat"]["promised"]) == (None, False)
    assert isinstance(row["event_ids"], list)


def test_events_dated_after_as_of_are_ignored_even_if_passed() -> None:
    log: list[Event] = [announced("2025-04-02", "25"), lifted("2025-05-01")]
    assert line(log, "2025-04-30").status == "in_effect"


def test_on_a_country_the_sooner_pending_change_shows() -> None:
    log: list[Event] = [
        announced("2025-04-02", "10", "2025-04-05", key=("US", "*", "reciprocal")),
        announced("2025-04-02", "25", "2025-04-09", key=("US", "KR", "reciprocal")),
    ]
    got = line(log, "2025-04-04", on="KR")
    assert (got.applies_to, got.status) == ("*", "pending")
    assert got.pending == PendingChange(D(10), d("2025-04-05"), d("2025-04-02"))
    got = line(log, "2025-04-05", on="KR")
    assert (got.applies_to, got.rate_pct) == ("*", D(10))
    assert got.pending == PendingChange(D(25), d("2025-04-09"), d("2025-04-02"))
    assert line(log, "2025-04-09", on="KR").applies_to == "KR"
