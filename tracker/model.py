"""The event model: one frozen attrs class per event type of EVENTS.md.

The classes know nothing of JSON or SQL (the codec owns the wire format, the
store owns persistence). Domain rules that hold however an event is built --
from a file, a script or a test -- live here as attrs validators, so an
invalid event cannot exist in memory at all.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Context, Decimal, DivisionByZero, Inexact, InvalidOperation, Overflow
from typing import Any, ClassVar, Literal, get_args

from attrs import Attribute, field, frozen

from tracker.quoting import brief

# Amounts and rates are exact: at most MAX_DIGITS digits in plain notation, kept as
# given, and computed with in EXACT, which holds any sum or difference of two of them
# and refuses (traps) to round anything else.
MAX_DIGITS = 40
EXACT = Context(
    prec=4 * MAX_DIGITS,
    Emax=4 * MAX_DIGITS,
    Emin=-4 * MAX_DIGITS,
    traps=[InvalidOperation, DivisionByZero, Overflow, Inexact],
)

COUNTRY_PATTERN = re.compile(r"[A-Z]{2}|\*")
PERIOD_PATTERN = re.compile(r"\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?")

Basis = Literal["additional", "floor"]
MeetingFormat = Literal["bilateral", "2+2", "summit", "visit", "forum", "call"]
Comparator = Literal["at_least", "about", "at_most"]


def _one_of(*allowed: str) -> Callable[[object, Attribute[Any], object], None]:
    """Literal fields hold one of their values even when built in Python, not from JSON."""

    def check(_: object, attribute: Attribute[Any], value: object) -> None:
        if value is not None and value not in allowed:
            raise FieldError(
                attribute.name, f"must be one of {', '.join(allowed)}, got {brief(value)}"
            )

    return check


class FieldError(ValueError):
    """A rule broken by one field; carries the field's name so errors can point at it."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field_name = field_name
        self.message = message


def _country(_: object, attribute: Attribute[Any], value: str) -> None:
    """ISO 3166 alpha-2 (which includes `EU`), or `*` for all countries."""
    if not COUNTRY_PATTERN.fullmatch(value):
        raise FieldError(
            attribute.name,
            f"must be a two-letter capital country code, EU or *, got {brief(value)}",
        )


def _optional_country(_: object, attribute: Attribute[Any], value: str | None) -> None:
    if value is not None:
        _country(_, attribute, value)


def _countries(_: object, attribute: Attribute[Any], value: tuple[str, ...]) -> None:
    for code in value:
        _country(_, attribute, code)


def _non_negative(_: object, attribute: Attribute[Any], value: Decimal | None) -> None:
    if value is not None and value < 0:
        raise FieldError(attribute.name, f"must be >= 0, got {value}")


def _period(_: object, attribute: Attribute[Any], value: str) -> None:
    if not PERIOD_PATTERN.fullmatch(value):
        raise FieldError(attribute.name, f"must be YYYY, YYYY-MM or YYYY-Qn, got {brief(value)}")


ID_LENGTH = 200
ID_PATTERN = re.compile(rf"[^\s\x00-\x1f\x7f-\x9f]{{1,{ID_LENGTH}}}")


def _optional_id(_: object, attribute: Attribute[Any], value: str | None) -> None:
    """Ids appear in URLs, file names and terminals: no spaces or control characters."""
    if value is not None and not ID_PATTERN.fullmatch(value):
        raise FieldError(
            attribute.name,
            f"must be 1-200 characters without spaces or control characters, got {brief(value)}",
        )


def _non_empty(_: object, attribute: Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise FieldError(attribute.name, f"must be a string, got {brief(value)}")
    if not value.strip():
        raise FieldError(attribute.name, "must not be empty")


@frozen(kw_only=True)
class Person:
    """Someone at a meeting: a named person, an organisation, or both."""

    name: str | None = None
    role: str | None = None
    org: str | None = None
    country: str | None = field(default=None, validator=_optional_country)

    def __attrs_post_init__(self) -> None:
        if not (self.name or self.org):
            raise FieldError("name", "a person needs a name or an org")

    @property
    def label(self) -> str:
        """The name if known, else the organisation: how a counterpart is grouped."""
        return self.name or self.org or ""


@frozen(kw_only=True)
class Source:
    """Where a fact is known from; `quote` is copied word for word, never paraphrased."""

    publisher: str | None = None
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    quote: str | None = None


@frozen(kw_only=True)
class PreviousHigh:
    period: str = field(validator=_period)
    value: Decimal


@frozen(kw_only=True)
class Event:
    """The envelope every event shares; `type` is the public type string."""

    type: ClassVar[str]
    id: str | None = field(default=None, validator=_optional_id)
    date: dt.date
    title: str = field(validator=_non_empty)
    source: Source | None = None
    tags: tuple[str, ...] = ()


# --- Tariffs: keyed by (imposed_by, applies_to, measure) --------------------


@frozen(kw_only=True)
class TariffEvent(Event):
    imposed_by: str = field(validator=_country)
    applies_to: str = field(validator=_country)
    measure: str = field(validator=_non_empty)
    basis: Basis = field(default="additional", validator=_one_of(*get_args(Basis)))
    instrument: str | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.imposed_by, self.applies_to, self.measure)


@frozen(kw_only=True)
class TariffThreatened(TariffEvent):
    type: ClassVar[str] = "tariff.threatened"
    products: str | None = None
    rate_pct: Decimal | None = field(default=None, validator=_non_negative)
    rate_min_pct: Decimal | None = field(default=None, validator=_non_negative)
    rate_max_pct: Decimal | None = field(default=None, validator=_non_negative)

    def __attrs_post_init__(self) -> None:
        has_range = self.rate_min_pct is not None or self.rate_max_pct is not None
        if self.rate_pct is None and not has_range:
            raise FieldError("rate_pct", "a threat needs rate_pct or rate_min_pct + rate_max_pct")
        if self.rate_pct is not None and has_range:
            raise FieldError("rate_pct", "give rate_pct or a range, not both")
        if has_range and (self.rate_min_pct is None or self.rate_max_pct is None):
            raise FieldError("rate_min_pct", "a range needs both rate_min_pct and rate_max_pct")
        if (
            self.rate_min_pct is not None
            and self.rate_max_pct is not None
            and self.rate_min_pct > self.rate_max_pct
        ):
            raise FieldError(
                "rate_min_pct",
                f"must not exceed rate_max_pct ({self.rate_min_pct} > {self.rate_max_pct})",
            )


@frozen(kw_only=True)
class TariffThreatWithdrawn(TariffEvent):
    """A threat withdrawn or lapsed: from `date` the line carries no threat.

    Nothing decided changes; a line that only ever had threats is as before its first.
    """

    type: ClassVar[str] = "tariff.threat_withdrawn"


@frozen(kw_only=True)
class TariffAnnounced(TariffEvent):
    type: ClassVar[str] = "tariff.announced"
    products: str | None = None
    rate_pct: Decimal = field(validator=_non_negative)
    effective: dt.date | None = None

    @property
    def effective_date(self) -> dt.date:
        return self.effective or self.date


@frozen(kw_only=True)
class TariffPaused(TariffEvent):
    """A suspension announced on `date`, applying from `effective` (default `date`).

    Like an announcement's, `effective` may lie before `date` (a retroactive pause).
    """

    type: ClassVar[str] = "tariff.paused"
    until: dt.date | None = None
    rate_pct: Decimal | None = field(default=None, validator=_non_negative)
    effective: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        start = self.effective_date
        if self.until is not None and self.until <= start:
            day = "effective date" if self.effective is not None else "date"
            raise FieldError("until", f"must be after the pause's {day} {start}, got {self.until}")

    @property
    def effective_date(self) -> dt.date:
        """The first day the pause applies."""
        return self.effective or self.date


@frozen(kw_only=True)
class TariffLifted(TariffEvent):
    type: ClassVar[str] = "tariff.lifted"
    effective: dt.date | None = None

    @property
    def effective_date(self) -> dt.date:
        return self.effective or self.date


# --- Meetings ---------------------------------------------------------------


def _people(_: object, attribute: Attribute[Any], value: tuple[Person, ...]) -> None:
    if not value:
        raise FieldError(attribute.name, "must list at least one person")


@frozen(kw_only=True)
class MeetingEvent(Event):
    ours: tuple[Person, ...] = field(validator=_people)
    theirs: tuple[Person, ...] = field(validator=_people)
    location: str | None = None
    format: MeetingFormat | None = field(default=None, validator=_one_of(*get_args(MeetingFormat)))
    topics: tuple[str, ...] = ()
    outcome: str | None = None


@frozen(kw_only=True)
class MeetingHeld(MeetingEvent):
    type: ClassVar[str] = "meeting.held"


@frozen(kw_only=True)
class MeetingScheduled(MeetingEvent):
    type: ClassVar[str] = "meeting.scheduled"
    for_date: dt.date


@frozen(kw_only=True)
class MeetingCancelled(MeetingEvent):
    type: ClassVar[str] = "meeting.cancelled"
    for_date: dt.date
    scheduled: str | None = field(default=None, validator=_optional_id)  # an id, so as one
    reason: str | None = None


# --- Targets and reported figures: keyed by (metric, period) -----------------


@frozen(kw_only=True)
class TargetSet(Event):
    type: ClassVar[str] = "target.set"
    set_by: str = field(validator=_non_empty)
    metric: str = field(validator=_non_empty)
    period: str = field(validator=_period)
    value: Decimal
    unit: str = field(validator=_non_empty)
    comparator: Comparator = field(default="at_least", validator=_one_of(*get_args(Comparator)))


@frozen(kw_only=True)
class FigureReported(Event):
    type: ClassVar[str] = "figure.reported"
    reported_by: str | None = None
    metric: str = field(validator=_non_empty)
    period: str = field(validator=_period)
    value: Decimal
    unit: str = field(validator=_non_empty)
    all_time_high: bool = False
    change_pct: Decimal | None = None
    previous_high: PreviousHigh | None = None
    preliminary: bool = False


# --- Milestones and context -------------------------------------------------


@frozen(kw_only=True)
class AgreementReached(Event):
    type: ClassVar[str] = "agreement.reached"
    parties: tuple[str, ...] = field(validator=_countries)
    summary: str = field(validator=_non_empty)
    terms: tuple[str, ...] = ()


@frozen(kw_only=True)
class Note(Event):
    type: ClassVar[str] = "note"
    body: str = field(validator=_non_empty)


# --- Corrections: the log is never edited -----------------------------------


@frozen(kw_only=True)
class EventRetracted(Event):
    type: ClassVar[str] = "event.retracted"
    target: str = field(validator=_non_empty)
    reason: str = field(validator=_non_empty)


@frozen(kw_only=True)
class EventCorrected(Event):
    type: ClassVar[str] = "event.corrected"
    target: str = field(validator=_non_empty)
    changes: dict[str, Any] = field(hash=False)
    reason: str = field(validator=_non_empty)

    def __attrs_post_init__(self) -> None:
        if not self.changes:
            raise FieldError("changes", "must change at least one field")
        for name in ("id", "type"):
            if name in self.changes:
                raise FieldError("changes", f"cannot change {name!r}")


Correction = EventRetracted | EventCorrected

EVENT_TYPES: tuple[type[Event], ...] = (
    TariffThreatened,
    TariffThreatWithdrawn,
    TariffAnnounced,
    TariffPaused,
    TariffLifted,
    MeetingHeld,
    MeetingScheduled,
    MeetingCancelled,
    TargetSet,
    FigureReported,
    AgreementReached,
    Note,
    EventRetracted,
    EventCorrected,
)
TYPES_BY_NAME: dict[str, type[Event]] = {cls.type: cls for cls in EVENT_TYPES}


@frozen(kw_only=True)
class Recorded:
    """An event as the store holds it: the event plus its two system-time keys."""

    seq: int
    recorded_at: dt.datetime
    event: Event

    @property
    def id(self) -> str:
        assert self.event.id is not None
        return self.event.id
