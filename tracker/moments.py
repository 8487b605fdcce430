"""The clocks' inputs: what `as_of`, `decided_by` and `known_on` default to and how they are read.

`as_of` is a date of the world (valid time) and defaults to today in the
user's own time zone, because events are dated where they happened and a
reader asks about "today" as they live it. `decided_by` is also a date of the
world: the last day whose decisions count for `as_of` (hindsight); it defaults
to `as_of` and may not come before it. `known_on` is a moment of the tracker
(system time, UTC): a bare date means the end of that day, UTC, and a moment
after now is refused, because the tracker cannot know the future.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from tracker.codec import structure_date

T = TypeVar("T")

END_OF_DAY = dt.time(23, 59, 59, 999999, tzinfo=dt.UTC)
DateInput = dt.date | str
MomentInput = dt.datetime | dt.date | str


class MomentError(ValueError):
    """A date or moment that cannot be used; the message says why."""


def end_of_day(day: dt.date) -> dt.datetime:
    """The last moment of a day, UTC: what a bare date means as a moment of system time."""
    return dt.datetime.combine(day, END_OF_DAY)


def today() -> dt.date:
    return dt.datetime.now().astimezone().date()


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def resolve_decided_by(as_of: dt.date, decided_by: dt.date | None) -> dt.date:
    """`as_of` by default; a `decided_by` before it would ask about decisions undone."""
    if decided_by is None:
        return as_of
    if decided_by < as_of:
        raise MomentError(
            f"decided_by may not be before as_of ({as_of.isoformat()}), "
            f"got {decided_by.isoformat()}"
        )
    return decided_by


def hindsight(as_of: dt.date) -> dt.date:
    """`decided_by` for "in hindsight": every decision made by today (or by `as_of`, if later)."""
    return max(today(), as_of)


def parse_date(text: str) -> dt.date:
    """Strictly `YYYY-MM-DD`, by the same rule as event dates (no week or ordinal dates)."""
    try:
        return structure_date(text)
    except ValueError:
        raise MomentError(f"{text!r} is not an ISO date (YYYY-MM-DD)") from None


def parse_moment(text: str) -> dt.date | dt.datetime:
    """`2025-04-06` (a day: `resolve_known_on` takes its end) or `2025-04-06T00:00Z`.

    A timestamp without a zone is taken as UTC, like every time the store keeps.
    """
    if len(text) == 10:
        return parse_date(text)
    try:
        moment = dt.datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        raise MomentError(
            f"{text!r} is not an ISO date or timestamp (YYYY-MM-DD or YYYY-MM-DDTHH:MM[Z])"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def as_date(value: DateInput | None, name: str) -> dt.date | None:
    """A date of the world given as a date or an ISO string; anything else is refused here,
    with the parameter's name, rather than failing deep inside a query."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    return _parsed(parse_date, value, name, "a date or an ISO date string")


def as_moment(value: MomentInput | None, name: str) -> dt.datetime | dt.date | None:
    """A moment of the tracker given as a datetime, a date or an ISO string."""
    if value is None or isinstance(value, dt.date):
        return value
    return _parsed(parse_moment, value, name, "a datetime, a date or an ISO string")


def _parsed(parse: Callable[[str], T], value: object, name: str, expected: str) -> T:
    """A string parsed, its error prefixed with the parameter's name; anything else refused."""
    if not isinstance(value, str):
        raise MomentError(f"{name}: must be {expected}, got {value!r}")
    try:
        return parse(value)
    except MomentError as error:
        raise MomentError(f"{name}: {error}") from None


def since_moment(
    value: MomentInput | None, name: str | None = "recorded_since"
) -> dt.datetime | None:
    """The moment after which `recorded_since` counts a record as new.

    A timestamp is exclusive (pass the `recorded_at` of the last record seen); a
    bare date includes its whole day, UTC ("since 1 March" includes 1 March). A
    moment after now is refused, as for `known_on`: nothing is recorded in the future.
    """
    moment = as_moment(value, name or "recorded_since")
    if moment is None:
        return None
    if isinstance(moment, dt.datetime):
        if moment.tzinfo is None:
            raise MomentError(_named(name, "must be timezone-aware (UTC)"))
        start = moment
    else:
        start = dt.datetime.combine(moment, dt.time(tzinfo=dt.UTC)) - dt.timedelta(microseconds=1)
    if start > now():
        raise MomentError(_named(name, f"may not be in the future, got {_iso(value)}"))
    return start


def _named(name: str | None, message: str) -> str:
    """A message about a parameter: `known_on may not ...` in the API; bare where the
    command line already names the option as the user typed it (`--known-on`)."""
    return f"{name} {message}" if name else message


def _iso(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def resolve_known_on(known_on: MomentInput | None, name: str | None = "known_on") -> dt.datetime:
    """Now by default; the end of a bare date's day, but never later than now.

    `name` is how messages call the parameter (None: unnamed, for the command line).
    """
    current = now()
    known_on = as_moment(known_on, name or "known_on")
    if known_on is None:
        return current
    if not isinstance(known_on, dt.datetime):
        if known_on > current.date():
            raise MomentError(_named(name, f"may not be in the future, got {_iso(known_on)}"))
        return min(end_of_day(known_on), current)
    if known_on.tzinfo is None:
        raise MomentError(_named(name, "must be timezone-aware (UTC)"))
    if known_on > current:
        raise MomentError(_named(name, f"may not be in the future, got {_iso(known_on)}"))
    return known_on
