"""Hypothesis generators: small stored logs mixing every projection's events and corrections.

Small on purpose (a handful of keys, people and days) so generated events collide:
same keys, same days, corrections of corrections. That is where bugs live.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from attrs import evolve
from hypothesis import strategies as st

from tracker.model import (
    Comparator,
    Event,
    EventCorrected,
    EventRetracted,
    FigureReported,
    MeetingCancelled,
    MeetingHeld,
    MeetingScheduled,
    Note,
    Person,
    Recorded,
    TargetSet,
    TariffAnnounced,
    TariffLifted,
    TariffPaused,
    TariffThreatened,
    TariffThreatWithdrawn,
)

DAY0 = dt.date(2025, 4, 1)
TIME0 = dt.datetime(2025, 4, 1, tzinfo=dt.UTC)
DAYS = 40
KEYS = [("US", "KR", "reciprocal"), ("US", "*", "reciprocal"), ("US", "KR", "autos-232")]
PEOPLE = [
    Person(name="Jamieson Greer", org="USTR", country="US"),
    Person(name="Scott Bessent", org="Treasury", country="US"),
    Person(org="ITIF", country="US"),
    Person(name="Ishiba", org="Cabinet", country="JP"),
]
OURS = (Person(name="Yeo Han-koo", org="MOTIR", country="KR"),)

COMPARATORS: list[Comparator] = ["at_least", "about", "at_most"]

days = st.integers(0, DAYS).map(lambda n: DAY0 + dt.timedelta(days=n))
rates = st.integers(0, 60).map(Decimal)
products = st.none() | st.sampled_from(["cars", "car parts"])
theirs = st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=2, unique=True).map(tuple)


def _shift(day: dt.date, by: int) -> dt.date:
    return day + dt.timedelta(days=by)


@st.composite
def tariff_event(draw: st.DrawFn) -> Event:
    imposed_by, applies_to, measure = draw(st.sampled_from(KEYS))
    day = draw(days)
    common: dict[str, Any] = {
        "date": day,
        "title": "tariff",
        "imposed_by": imposed_by,
        "applies_to": applies_to,
        "measure": measure,
        "basis": draw(st.sampled_from(["additional", "floor"])),
    }
    kind = draw(st.sampled_from(["threat", "range", "withdraw", "announce", "pause", "lift"]))
    if kind == "withdraw":
        return TariffThreatWithdrawn(**common)
    if kind == "threat":
        return TariffThreatened(rate_pct=draw(rates), products=draw(products), **common)
    if kind == "range":
        low = draw(rates)
        high = low + draw(rates)
        return TariffThreatened(
            rate_min_pct=low, rate_max_pct=high, products=draw(products), **common
        )
    if kind == "announce":
        effective = _shift(day, draw(st.integers(-10, 10)))
        rate = draw(rates)
        return TariffAnnounced(
            rate_pct=rate, effective=effective, products=draw(products), **common
        )
    if kind == "pause":
        effective = draw(st.none() | st.integers(-5, 5).map(lambda n: _shift(day, n)))
        start = effective or day
        until = draw(st.none() | st.integers(1, 20).map(lambda n: _shift(start, n)))
        rate = draw(st.none() | st.just(Decimal(10)) | rates)  # 10 again: an extension
        return TariffPaused(until=until, effective=effective, rate_pct=rate, **common)
    return TariffLifted(effective=_shift(day, draw(st.integers(-5, 10))), **common)


@st.composite
def meeting_event(draw: st.DrawFn) -> Event:
    day = draw(days)
    common: dict[str, Any] = {"date": day, "title": "meeting", "ours": OURS, "theirs": draw(theirs)}
    kind = draw(st.sampled_from(["held", "scheduled", "cancelled"]))
    if kind == "held":
        return MeetingHeld(format=draw(st.sampled_from([None, "bilateral", "2+2"])), **common)
    for_date = _shift(day, draw(st.integers(1, 10)))
    if kind == "scheduled":
        return MeetingScheduled(for_date=for_date, **common)
    scheduled = draw(st.none() | st.sampled_from(["e1", "e2", "e3"]))  # a scheduling, or not
    return MeetingCancelled(for_date=for_date, scheduled=scheduled, **common)


@st.composite
def figure_event(draw: st.DrawFn) -> Event:
    common: dict[str, Any] = {
        "date": draw(days),
        "title": "figure",
        "metric": draw(st.sampled_from(["exports.total", "exports.autos"])),
        "period": draw(st.sampled_from(["2025-Q1", "2025-04", "2025"])),
        "value": Decimal(draw(st.integers(50, 150))),
        "unit": "USD",
    }
    if draw(st.booleans()):
        comparator = draw(st.sampled_from(COMPARATORS))
        set_by = draw(st.sampled_from(["MOTIR", "DAPA"]))
        return TargetSet(set_by=set_by, comparator=comparator, **common)
    return FigureReported(
        preliminary=draw(st.booleans()), all_time_high=draw(st.booleans()), **common
    )


notes = days.map(lambda day: Note(date=day, title="note", body="context"))
plain_events = st.one_of(tariff_event(), meeting_event(), figure_event(), notes)

CHANGES: list[dict[str, Any]] = [
    {"title": "corrected"},
    {"rate_pct": "15"},
    {"rate_pct": "15", "effective": None},
    {"value": "100"},
    {"all_time_high": True},
    {"date": "2025-04-20"},
    {"date": "2025-05-30"},
    {"until": "2025-04-02"},  # often invalid: the correction must then be skipped
    {"theirs": [{"org": "ITIF", "country": "US"}]},  # moves a meeting to another row
    {"for_date": "2025-04-25"},
    {"metric": "exports.autos", "period": "2025-04"},  # moves a target or figure to another key
    {"all_time_high": False},
    {"scheduled": "e2"},  # a cancellation now calls off one scheduling only
]


@st.composite
def correction(draw: st.DrawFn, ids: list[str], day: dt.date) -> Event:
    target = draw(st.sampled_from(ids))
    if draw(st.booleans()):
        return EventRetracted(date=day, title="retraction", target=target, reason="wrong")
    changes = draw(st.sampled_from(CHANGES))
    return EventCorrected(date=day, title="correction", target=target, changes=changes, reason="x")


def as_records(events: list[Event], gaps: list[int], first_seq: int = 1) -> list[Recorded]:
    """Appended in list order; `gaps` are minutes between appends (0 = same instant)."""
    records, moment = [], TIME0
    for n, event in enumerate(events):
        moment += dt.timedelta(minutes=gaps[n % len(gaps)] if gaps else 1)
        records.append(Recorded(seq=first_seq + n, recorded_at=moment, event=event))
    return records


@st.composite
def stored_logs(
    draw: st.DrawFn, max_events: int = 20, kinds: st.SearchStrategy[Event] = plain_events
) -> list[Recorded]:
    """Plain events, with corrections (also of corrections) slipped in after their targets."""
    plain = draw(st.lists(kinds, min_size=1, max_size=max_events))
    events: list[Event] = []
    for event in plain:
        events.append(evolve(event, id=f"e{len(events) + 1}"))
        if draw(st.integers(0, 3)) == 0:
            ids = [e.id for e in events if e.id is not None]
            fix = draw(correction(ids, draw(days)))
            events.append(evolve(fix, id=f"e{len(events) + 1}"))
    gaps = draw(st.lists(st.integers(0, 120), min_size=1, max_size=5))
    return as_records(events, gaps)
