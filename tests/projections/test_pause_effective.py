"""A pause announced on one day and applying from another (`tariff.paused.effective`)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from tracker.codec import decode_event, encode_event
from tracker.errors import InvalidEvent
from tracker.model import Event
from tracker.projections.tariffs import PendingChange, TariffLine, tariff_lines

from .builders import announced, d, lifted, paused

# The April 2025 pause: announced on 9 April, in force from 10 April.
APRIL: list[Event] = [
    announced("2025-04-02", "25", "2025-04-09"),
    paused("2025-04-09", "2025-07-09", "10", effective="2025-04-10", eid="pause"),
]


def line(log: list[Event], as_of: str) -> TariffLine:
    [only] = tariff_lines(log, d(as_of))
    return only


def test_the_rate_decided_applies_until_the_pause_begins() -> None:
    got = line(APRIL, "2025-04-09")
    assert (got.status, got.rate_pct, got.since) == ("in_effect", D(25), d("2025-04-09"))
    assert got.paused_until is None
    assert got.pending == PendingChange(
        D(10), d("2025-04-10"), d("2025-04-09"), pause=True, until=d("2025-07-09")
    )
    assert "pause" in got.event_ids, "the pause announced is part of the line already"


def test_the_pause_applies_from_its_effective_date_to_its_until() -> None:
    for day in ("2025-04-10", "2025-07-08"):
        got = line(APRIL, day)
        assert (got.status, got.rate_pct, got.since) == ("paused", D(10), d("2025-04-10"))
        assert (got.paused_until, got.pending) == (d("2025-07-09"), None)
    back = line(APRIL, "2025-07-09")
    assert (back.status, back.rate_pct, back.since) == ("in_effect", D(25), d("2025-07-09"))


def test_without_effective_the_pause_applies_from_its_date() -> None:
    log: list[Event] = [APRIL[0], paused("2025-04-09", "2025-07-09", "10")]
    got = line(log, "2025-04-09")
    assert (got.status, got.since, got.pending) == ("paused", d("2025-04-09"), None)


def test_a_pause_announced_ahead_is_the_next_change_only_if_it_comes_first() -> None:
    log: list[Event] = [
        announced("2025-04-02", "25", "2025-04-09"),
        announced("2025-04-03", "30", "2025-05-01"),
        paused("2025-04-05", "2025-06-01", "10", effective="2025-04-20"),
    ]
    assert line(log, "2025-04-10").pending == PendingChange(
        D(10), d("2025-04-20"), d("2025-04-05"), pause=True, until=d("2025-06-01")
    )
    after_it = paused("2025-04-05", "2025-06-01", "10", effective="2025-05-02")
    got = line([*log[:2], after_it], "2025-04-10")
    assert got.pending == PendingChange(D(30), d("2025-05-01"), d("2025-04-03"))


def test_a_pause_announced_ahead_does_not_cut_short_the_pause_running() -> None:
    """An extension announced before the running pause ends takes over on its own first day;
    at the same rate it changes nothing but the end: the pause runs to the extension's."""
    log: list[Event] = [
        *APRIL,
        paused("2025-07-07", "2025-08-01", "10", effective="2025-07-09"),
    ]
    got = line(log, "2025-07-08")
    assert (got.status, got.rate_pct, got.paused_until) == ("paused", D(10), d("2025-08-01"))
    assert (got.pending, got.schedule) == (None, ())
    extended = line(log, "2025-07-20")
    assert (extended.status, extended.since) == ("paused", d("2025-04-10"))
    assert extended.paused_until == d("2025-08-01")
    assert line(log, "2025-08-01").status == "in_effect"


def test_a_pause_announced_ahead_after_an_earlier_one_ended_keeps_that_end() -> None:
    log: list[Event] = [
        announced("2025-04-02", "25", "2025-04-09"),
        paused("2025-04-09", "2025-05-01", "10", effective="2025-04-10"),
        paused("2025-05-10", "2025-07-01", "10", effective="2025-06-01"),
    ]
    got = line(log, "2025-05-15")
    assert (got.status, got.rate_pct, got.since) == ("in_effect", D(25), d("2025-05-01"))
    assert got.pending == PendingChange(
        D(10), d("2025-06-01"), d("2025-05-10"), pause=True, until=d("2025-07-01")
    )
    again = line(log, "2025-06-01")
    assert (again.status, again.since, again.paused_until) == (
        "paused",
        d("2025-06-01"),
        d("2025-07-01"),
    )


def test_an_extension_at_another_rate_starts_on_its_effective_date() -> None:
    log: list[Event] = [
        *APRIL,
        paused("2025-07-01", "2025-09-01", "15", effective="2025-07-09"),
    ]
    assert line(log, "2025-07-08").rate_pct == D(10)
    got = line(log, "2025-07-09")
    assert (got.status, got.rate_pct, got.since) == ("paused", D(15), d("2025-07-09"))


def test_a_decision_taking_effect_before_the_pause_begins_voids_it() -> None:
    log: list[Event] = [*APRIL, announced("2025-04-09", "15", "2025-04-10")]
    got = line(log, "2025-04-12")
    assert (got.status, got.rate_pct, got.since) == ("in_effect", D(15), d("2025-04-10"))
    assert line(log, "2025-04-09").pending == PendingChange(D(15), d("2025-04-10"), d("2025-04-09"))


def test_a_lift_during_the_pause_ends_it() -> None:
    log: list[Event] = [*APRIL, lifted("2025-05-01")]
    got = line(log, "2025-05-01")
    assert (got.status, got.since, got.paused_until) == ("lifted", d("2025-05-01"), None)


def test_a_retroactive_pause_applies_from_its_effective_date_once_announced() -> None:
    log: list[Event] = [
        announced("2025-04-02", "25", "2025-04-09"),
        paused("2025-04-20", "2025-06-01", "10", effective="2025-04-15"),
    ]
    assert line(log, "2025-04-19").status == "in_effect", "unknown before it was announced"
    got = line(log, "2025-04-20")
    assert (got.status, got.since, got.paused_until) == ("paused", d("2025-04-15"), d("2025-06-01"))


def test_a_pause_that_ran_out_with_nothing_decided_is_lifted_from_its_end() -> None:
    got = line([paused("2025-04-09", "2025-05-01", "10", effective="2025-04-10")], "2025-05-02")
    assert (got.status, got.since) == ("lifted", d("2025-05-01"))


def test_a_line_holding_only_a_pause_not_begun_is_pending() -> None:
    got = line([paused("2025-04-09", "2025-05-01", "10", effective="2025-04-10")], "2025-04-09")
    assert (got.status, got.rate_pct, got.since) == ("pending", None, d("2025-04-09"))
    assert got.pending == PendingChange(
        D(10), d("2025-04-10"), d("2025-04-09"), pause=True, until=d("2025-05-01")
    )


PAUSE = {
    "id": "p",
    "type": "tariff.paused",
    "date": "2025-04-09",
    "title": "Pause",
    "imposed_by": "US",
    "applies_to": "KR",
    "measure": "reciprocal",
    "rate_pct": 10,
}


def test_effective_round_trips_through_the_codec() -> None:
    event = decode_event({**PAUSE, "effective": "2025-04-10", "until": "2025-07-09"})
    assert encode_event(event)["effective"] == "2025-04-10"
    assert "effective" not in encode_event(decode_event(PAUSE))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"effective": "2025-04-10", "until": "2025-04-10"}, "until: must be after the pause's "),
        ({"effective": "2025-04-20", "until": "2025-04-15"}, "effective date 2025-04-20"),
        ({"until": "2025-04-09"}, "until: must be after the pause's date 2025-04-09"),
        ({"effective": "10 April"}, "effective: must be an ISO date"),
    ],
)
def test_until_must_come_after_the_pause_begins(fields: dict[str, str], message: str) -> None:
    with pytest.raises(InvalidEvent, match=message) as error:
        decode_event({**PAUSE, **fields}, "f.jsonl:3")
    assert str(error.value).startswith("f.jsonl:3 (p): ")
