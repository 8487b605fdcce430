"""`tariff.threat_withdrawn`: from its date the line carries no threat; nothing decided changes."""

from __future__ import annotations

from decimal import Decimal as D

from tracker.model import Event
from tracker.projections.tariff_steps import tariff_steps
from tracker.projections.tariffs import PendingChange, TariffLine, tariff_lines

from .builders import announced, d, lifted, paused, threatened, withdrawn

AUTOS_KR = ("US", "KR", "autos-232")
AUTOS_ALL = ("US", "*", "autos-232")


def only(log: list[Event], as_of: str, on: str | None = None, **kw: object) -> TariffLine:
    [line] = tariff_lines(log, d(as_of), on, **kw)  # type: ignore[arg-type]
    return line


def test_a_withdrawn_threat_with_nothing_decided_is_no_longer_listed() -> None:
    log: list[Event] = [threatened("2025-01-20", "25"), withdrawn("2025-03-01")]
    assert only(log, "2025-02-28").threat is not None  # the day before: still threatened
    assert tariff_lines(log, d("2025-03-01")) == []  # from its date: as before the threat
    assert tariff_lines(log, d("2025-06-01")) == []


def test_a_withdrawal_with_no_threat_before_it_lists_nothing() -> None:
    assert tariff_lines([withdrawn("2025-03-01")], d("2025-03-01")) == []


def test_a_new_threat_after_a_withdrawal_starts_the_line_afresh() -> None:
    log: list[Event] = [
        threatened("2025-01-20", "25"),
        withdrawn("2025-03-01"),
        threatened("2025-05-10", "30", eid="again"),
    ]
    got = only(log, "2025-05-10")
    assert (got.status, got.since) == ("threatened", d("2025-05-10"))
    assert got.threat is not None and got.threat.rate_pct == 30


def test_on_the_same_day_log_order_decides() -> None:
    gone: list[Event] = [threatened("2025-03-01", "25"), withdrawn("2025-03-01")]
    assert tariff_lines(gone, d("2025-03-01")) == []
    back: list[Event] = [withdrawn("2025-03-01"), threatened("2025-03-01", "25")]
    assert only(back, "2025-03-01").status == "threatened"


def test_a_withdrawal_on_a_line_in_effect_changes_nothing_decided() -> None:
    log: list[Event] = [
        announced("2025-03-26", "25", "2025-04-03", key=AUTOS_KR),
        announced("2025-03-26", "10", "2025-09-01", key=AUTOS_KR, eid="later"),
        threatened("2025-05-01", "50", key=AUTOS_KR),
        withdrawn("2025-06-01", key=AUTOS_KR, eid="w"),
    ]
    before, after = only(log, "2025-05-31"), only(log, "2025-06-01")
    assert before.threat is not None and after.threat is None
    assert (after.status, after.rate_pct, after.since) == (
        before.status,
        before.rate_pct,
        before.since,
    )
    assert after.pending == before.pending == PendingChange(D(10), d("2025-09-01"), d("2025-03-26"))
    assert after.event_ids[-1] == "w"


def test_a_withdrawal_during_a_pause_keeps_the_pause() -> None:
    log: list[Event] = [
        announced("2025-04-02", "25", "2025-04-09"),
        paused("2025-04-09", "2025-07-09", "10"),
        threatened("2025-05-01", "50"),
        withdrawn("2025-05-20"),
    ]
    got = only(log, "2025-05-20")
    assert (got.status, got.rate_pct, got.paused_until, got.threat) == (
        "paused",
        D(10),
        d("2025-07-09"),
        None,
    )


def test_a_line_with_a_pause_stays_listed_when_its_threat_goes() -> None:
    log: list[Event] = [
        threatened("2025-04-01", "25"),
        paused("2025-04-09", "2025-05-01", "10"),
        withdrawn("2025-06-01"),
    ]
    got = only(log, "2025-06-01")  # the pause ran out, nothing decided: lifted, as before
    assert (got.status, got.threat) == ("lifted", None)


def test_a_pending_line_keeps_its_pending_change() -> None:
    log: list[Event] = [
        announced("2025-04-02", "25", "2025-06-01"),
        threatened("2025-04-20", "40"),
        withdrawn("2025-04-25"),
    ]
    got = only(log, "2025-04-25")
    assert (got.status, got.threat) == ("pending", None)
    assert got.pending == PendingChange(D(25), d("2025-06-01"), d("2025-04-02"))


def test_a_lifted_line_stays_lifted() -> None:
    log: list[Event] = [
        announced("2025-04-02", "25"),
        lifted("2025-05-01"),
        threatened("2025-06-01", "30"),
        withdrawn("2025-07-01"),
    ]
    got = only(log, "2025-07-01")
    assert (got.status, got.since, got.threat) == ("lifted", d("2025-05-01"), None)


def test_with_on_the_countrys_withdrawn_threat_no_longer_rides_on_the_star_line() -> None:
    log: list[Event] = [
        announced("2025-03-26", "25", "2025-04-03", key=AUTOS_ALL),
        threatened("2025-05-01", "35", key=AUTOS_KR, eid="kr-threat"),
        withdrawn("2025-06-01", key=AUTOS_KR),
    ]
    riding = only(log, "2025-05-31", on="KR")
    assert riding.applies_to == "*" and riding.threat is not None and riding.threat.rate_pct == 35
    gone = only(log, "2025-06-01", on="KR")
    assert (gone.applies_to, gone.status, gone.rate_pct, gone.threat) == (
        "*",
        "in_effect",
        D(25),
        None,
    )
    assert "kr-threat" not in gone.event_ids


def test_with_on_the_star_lines_own_threat_shows_again() -> None:
    log: list[Event] = [
        announced("2025-03-26", "25", "2025-04-03", key=AUTOS_ALL),
        threatened("2025-04-20", "50", key=AUTOS_ALL),
        threatened("2025-05-01", "35", key=AUTOS_KR),
        withdrawn("2025-06-01", key=AUTOS_KR),
    ]
    assert only(log, "2025-05-31", on="KR").threat.rate_pct == 35  # type: ignore[union-attr]
    assert only(log, "2025-06-01", on="KR").threat.rate_pct == 50  # type: ignore[union-attr]


def test_in_hindsight_a_withdrawal_after_the_day_is_that_days_future() -> None:
    log: list[Event] = [threatened("2025-01-20", "25"), withdrawn("2025-03-01")]
    got = only(log, "2025-02-01", decided_by=d("2025-06-01"))
    assert got.status == "threatened" and got.threat is not None


def test_the_step_chart_shows_no_line_once_the_threat_is_withdrawn() -> None:
    log: list[Event] = [threatened("2025-01-20", "25"), withdrawn("2025-03-01")]
    steps = tariff_steps(log, "US", "reciprocal", "KR")
    threatened_step = steps.at(d("2025-02-01"))
    assert threatened_step is not None and threatened_step.status == "threatened"
    assert steps.at(d("2025-03-01")) is None
    assert [step.status for step in steps.steps] == ["threatened", None]
