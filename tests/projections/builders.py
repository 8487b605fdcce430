"""Hand-built events for projection tests: short to write, with sensible defaults.

Ids default to a readable `type-date-n`; pass `eid=` where a test refers to one.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from tracker.model import (
    Event,
    EventCorrected,
    EventRetracted,
    FigureReported,
    MeetingCancelled,
    MeetingHeld,
    MeetingScheduled,
    Person,
    PreviousHigh,
    Recorded,
    TargetSet,
    TariffAnnounced,
    TariffLifted,
    TariffPaused,
    TariffThreatened,
    TariffThreatWithdrawn,
)

UTC = dt.UTC
START = dt.datetime(2025, 1, 1, tzinfo=UTC)
KR_RECIPROCAL = ("US", "KR", "reciprocal")
_numbers = itertools.count(1)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def at(text: str) -> dt.datetime:
    """A UTC timestamp from `2025-04-05T10:00`."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def _id(kind: str, date: str, given: str | None) -> str:
    return given or f"{kind}-{date}-{next(_numbers)}"


def recorded(*events: Event, start: dt.datetime = START) -> list[Recorded]:
    """Events appended in the given order, an hour apart: seq 1, 2, ..."""
    return [
        Recorded(seq=n, recorded_at=start + dt.timedelta(hours=n), event=event)
        for n, event in enumerate(events, start=1)
    ]


def rec(seq: int, when: str, event: Event) -> Recorded:
    return Recorded(seq=seq, recorded_at=at(when), event=event)


def _key(key: tuple[str, str, str]) -> dict[str, Any]:
    return {"imposed_by": key[0], "applies_to": key[1], "measure": key[2]}


def threatened(
    date: str,
    rate: str | None = None,
    *,
    low: str | None = None,
    high: str | None = None,
    key: tuple[str, str, str] = KR_RECIPROCAL,
    eid: str | None = None,
    **extra: Any,
) -> TariffThreatened:
    return TariffThreatened(
        id=_id("threat", date, eid),
        date=d(date),
        title=f"threat {date}",
        rate_pct=Decimal(rate) if rate else None,
        rate_min_pct=Decimal(low) if low else None,
        rate_max_pct=Decimal(high) if high else None,
        **_key(key),
        **extra,
    )


def withdrawn(
    date: str, *, key: tuple[str, str, str] = KR_RECIPROCAL, eid: str | None = None
) -> TariffThreatWithdrawn:
    return TariffThreatWithdrawn(
        id=_id("withdrawn", date, eid), date=d(date), title=f"threat withdrawn {date}", **_key(key)
    )


def announced(
    date: str,
    rate: str,
    effective: str | None = None,
    *,
    key: tuple[str, str, str] = KR_RECIPROCAL,
    eid: str | None = None,
    **extra: Any,
) -> TariffAnnounced:
    return TariffAnnounced(
        id=_id("announced", date, eid),
        date=d(date),
        title=f"{rate} % announced {date}",
        rate_pct=Decimal(rate),
        effective=d(effective) if effective else None,
        **_key(key),
        **extra,
    )


def paused(
    date: str,
    until: str | None = None,
    rate: str | None = None,
    *,
    effective: str | None = None,
    key: tuple[str, str, str] = KR_RECIPROCAL,
    eid: str | None = None,
    **extra: Any,
) -> TariffPaused:
    return TariffPaused(
        id=_id("paused", date, eid),
        date=d(date),
        title=f"paused {date}",
        until=d(until) if until else None,
        rate_pct=Decimal(rate) if rate else None,
        effective=d(effective) if effective else None,
        **_key(key),
        **extra,
    )


def lifted(
    date: str,
    effective: str | None = None,
    *,
    key: tuple[str, str, str] = KR_RECIPROCAL,
    eid: str | None = None,
) -> TariffLifted:
    return TariffLifted(
        id=_id("lifted", date, eid),
        date=d(date),
        title=f"lifted {date}",
        effective=d(effective) if effective else None,
        **_key(key),
    )


def person(name: str | None = None, org: str | None = None, country: str | None = "US") -> Person:
    return Person(name=name, org=org, country=country)


KOREA = (Person(name="Yeo Han-koo", org="MOTIR", country="KR"),)


def held(
    date: str, theirs: Sequence[Person], *, eid: str | None = None, **extra: Any
) -> MeetingHeld:
    return MeetingHeld(
        id=_id("held", date, eid),
        date=d(date),
        title=f"meeting {date}",
        ours=KOREA,
        theirs=tuple(theirs),
        **extra,
    )


def scheduled(
    date: str, for_date: str, theirs: Sequence[Person], *, eid: str | None = None
) -> MeetingScheduled:
    return MeetingScheduled(
        id=_id("scheduled", date, eid),
        date=d(date),
        title=f"meeting planned for {for_date}",
        ours=KOREA,
        theirs=tuple(theirs),
        for_date=d(for_date),
    )


def cancelled(
    date: str,
    for_date: str,
    theirs: Sequence[Person],
    *,
    scheduled: str | None = None,
    ours: Sequence[Person] = KOREA,
    eid: str | None = None,
) -> MeetingCancelled:
    return MeetingCancelled(
        id=_id("cancelled", date, eid),
        date=d(date),
        title=f"meeting of {for_date} called off",
        ours=tuple(ours),
        theirs=tuple(theirs),
        for_date=d(for_date),
        scheduled=scheduled,
    )


def target(
    date: str,
    value: str,
    *,
    metric: str = "exports.total",
    period: str = "2025",
    set_by: str = "MOTIR",
    unit: str = "USD",
    comparator: Any = "at_least",
    eid: str | None = None,
) -> TargetSet:
    return TargetSet(
        id=_id("target", date, eid),
        date=d(date),
        title=f"target {metric} {period}",
        set_by=set_by,
        metric=metric,
        period=period,
        value=Decimal(value),
        unit=unit,
        comparator=comparator,
    )


def figure(
    date: str,
    value: str,
    *,
    metric: str = "exports.total",
    period: str = "2025",
    unit: str = "USD",
    preliminary: bool = False,
    record: bool = False,
    previous: tuple[str, str] | None = None,
    eid: str | None = None,
) -> FigureReported:
    return FigureReported(
        id=_id("figure", date, eid),
        date=d(date),
        title=f"{metric} {period}",
        metric=metric,
        period=period,
        value=Decimal(value),
        unit=unit,
        preliminary=preliminary,
        all_time_high=record,
        previous_high=PreviousHigh(period=previous[0], value=Decimal(previous[1]))
        if previous
        else None,
    )


def retract(date: str, target_id: str, *, eid: str | None = None) -> EventRetracted:
    return EventRetracted(
        id=_id("retract", date, eid), date=d(date), title="retraction", target=target_id, reason="x"
    )


def correct(
    date: str, target_id: str, changes: dict[str, Any], *, eid: str | None = None
) -> EventCorrected:
    return EventCorrected(
        id=_id("correct", date, eid),
        date=d(date),
        title="correction",
        target=target_id,
        changes=changes,
        reason="x",
    )
