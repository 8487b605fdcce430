"""Option types and option groups shared by the commands.

The model and the date parsing are imported when a value is converted, never
at import time, so `tracker --help` starts without them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import click

from tracker.cli.output import output_options

F = TypeVar("F", bound=Callable[..., Any])


class DateParam(click.ParamType):  # type: ignore[type-arg]
    """A date of the world, `YYYY-MM-DD`; anything else is a usage error (exit 2)."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from tracker.moments import MomentError, parse_date

        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(value)
        except MomentError as error:
            self.fail(str(error), param, ctx)


class MomentParam(click.ParamType):  # type: ignore[type-arg]
    """A moment of the tracker: a date (end of that day, UTC) or an ISO timestamp, not future."""

    name = "DATE|TIMESTAMP"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from tracker.moments import MomentError, parse_moment, resolve_known_on

        try:
            moment = parse_moment(value) if isinstance(value, str) else value
            return resolve_known_on(moment, name=None)
        except MomentError as error:
            self.fail(str(error), param, ctx)


class CountryParam(click.ParamType):  # type: ignore[type-arg]
    """A country code as events spell it (`KR`, `EU`, `*`); typed in any case (`kr`)."""

    name = "COUNTRY"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from tracker.model import COUNTRY_PATTERN

        code = value.upper()
        if not COUNTRY_PATTERN.fullmatch(code):
            self.fail(f"{value!r} is not a two-letter country code, EU or *", param, ctx)
        return code


class EventTypeParam(click.ParamType):  # type: ignore[type-arg]
    """One of the event types of EVENTS.md (`meeting.held`, ...)."""

    name = "TYPE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from tracker.model import TYPES_BY_NAME

        if value not in TYPES_BY_NAME:
            known = ", ".join(sorted(TYPES_BY_NAME))
            self.fail(f"{value!r} is not an event type (one of {known})", param, ctx)
        return value


DATE = DateParam()
MOMENT = MomentParam()
COUNTRY = CountryParam()
EVENT_TYPE = EventTypeParam()


def filter_options(func: F) -> F:
    """The event filters shared by `log` and `export`."""
    func = click.option(
        "--type",
        "types",
        multiple=True,
        type=EVENT_TYPE,
        help="Only events of this type, e.g. meeting.held (repeatable).",
    )(func)
    func = click.option("--from", "date_from", type=DATE, help="Only events dated on or after.")(
        func
    )
    return click.option("--to", "date_to", type=DATE, help="Only events dated on or before.")(func)


def known_on_option(func: F) -> F:
    return click.option(
        "--known-on",
        type=MOMENT,
        metavar="DATE|TIMESTAMP",
        help="What the tracker knew then: a date (end of that day, UTC) or an ISO "
        "timestamp such as 2025-04-06T00:00Z. Default: now.",
    )(func)


def query_options(func: F) -> F:
    """The options every query shares: the clocks and the output options."""
    return known_on_option(hindsight_options(output_options(func)))


def hindsight_options(func: F) -> F:
    """`--decided-by DATE` and `--hindsight`: the third clock, read by `decided_by_of`."""
    func = click.option(
        "--hindsight",
        is_flag=True,
        help="Decided by today: what applied then in light of every decision made "
        "since (retroactive ones included).",
    )(func)
    return click.option(
        "--decided-by",
        type=DATE,
        help="Count the decisions dated up to this day (not before the as-of date) "
        "that reach back to the as-of date. Default: the as-of date.",
    )(func)


def decided_by_of(
    day: dt.date, decided_by: dt.date | None, in_hindsight: bool, what: str = "the as-of date"
) -> dt.date:
    """The decided-by day the options ask for on `day`; a conflict is a usage error (exit 2)."""
    from tracker.moments import MomentError, hindsight, resolve_decided_by

    if in_hindsight and decided_by is not None:
        raise click.UsageError("give --decided-by or --hindsight, not both")
    if in_hindsight:
        return hindsight(day)
    try:
        return resolve_decided_by(day, decided_by)
    except MomentError:
        raise click.BadParameter(
            f"may not be before {what} ({day}), got {decided_by}", param_hint="'--decided-by'"
        ) from None


def as_of_option(func: F) -> F:
    return click.option(
        "--as-of",
        type=DATE,
        help="The state of the world at the end of this day "
        "(may be in the future). Default: today.",
    )(func)
