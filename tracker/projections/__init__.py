"""Projections: pure folds over the effective log, and the reports read from them.

Each projection module offers `initial()` and `apply(state, event) -> state` over
frozen state (so a module is a `Projection`), plus one report function taking the
effective log, `as_of` and `decided_by`. Reports return frozen attrs rows whose
attribute names are the JSON keys of DESIGN.md; `rows_to_json` is the one way to
turn them into JSON-ready dicts, so the CLI, scripts and the TUI cannot drift apart.

Hindsight (`decided_by` E, after `as_of` D) folds what was dated by D and, of the
events dated after D up to E, only those that decide something about a day up to D
(each report says which: `decided`). Everything else dated after D is D's future,
which the state on D does not show. So with no such event, E changes nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Generic, Protocol, TypeVar

import attr
from attrs import AttrsInstance, frozen

from tracker.codec import format_decimal
from tracker.model import Event
from tracker.moments import resolve_decided_by

S = TypeVar("S")
T = TypeVar("T")
K = TypeVar("K")
J = TypeVar("J")
V = TypeVar("V")


class Projection(Protocol[S]):
    """What `replay` needs: a projection module satisfies this structurally."""

    def initial(self) -> S: ...

    def apply(self, state: S, event: Event) -> S: ...


def decided(
    log: Iterable[Event],
    as_of: dt.date,
    decided_by: dt.date | None,
    about_the_past: Callable[[Event, dt.date], bool],
) -> Iterator[Event]:
    """The events a report on `as_of` folds, in light of decisions dated up to `decided_by`.

    Everything dated by `as_of`, then (log order kept) the events dated after it and by
    `decided_by` for which `about_the_past(event, as_of)` holds.
    """
    last = resolve_decided_by(as_of, decided_by)
    return (
        event
        for event in log
        if event.date <= as_of or (event.date <= last and about_the_past(event, as_of))
    )


def replay(projection: Projection[S], log: Iterable[Event]) -> S:
    """Fold the log: the same log always gives the same state."""
    return functools.reduce(projection.apply, log, projection.initial())


@frozen
class Stack(Generic[T]):
    """An immutable list that grows at the top in O(1): fold states must not copy history."""

    top: T
    rest: Stack[T] | None = None


def push(stack: Stack[T] | None, item: T) -> Stack[T]:
    return Stack(item, stack)


def unwind(stack: Stack[T] | None) -> list[T]:
    """The items in the order they were pushed."""
    items: list[T] = []
    while stack is not None:
        items.append(stack.top)
        stack = stack.rest
    items.reverse()
    return items


def put(nested: Mapping[K, Mapping[J, V]], outer: K, inner: J, value: V) -> dict[K, Mapping[J, V]]:
    """A two-level map with one value replaced, copying only the outer map and one inner map.

    Fold states are frozen, so every change copies; two levels keep each copy small
    (a metric's periods, a country pair's measures) however many keys there are.
    """
    return {**nested, outer: {**nested.get(outer, {}), inner: value}}


def iter_ids(events: Iterable[Event]) -> Iterator[str]:
    return (event.id for event in events if event.id is not None)


def _json_value(_: object, __: object, value: Any) -> Any:
    """Decimals as exact strings and dates as ISO strings: what `json.dumps` takes."""
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def rows_to_dicts(rows: Sequence[AttrsInstance]) -> list[dict[str, Any]]:
    """Rows as dicts keyed like the JSON contract, values still Python objects
    (`Decimal`, `date`): for comparing rows, as the app's change marks do."""
    return [attr.asdict(row, retain_collection_types=False) for row in rows]


def rows_to_json(rows: Sequence[AttrsInstance]) -> list[dict[str, Any]]:
    """Rows as the JSON contract: dicts of strings, numbers, lists and `None` only.

    Nested rows become dicts and tuples lists; decimals become exact decimal strings
    and dates ISO strings, so `json.dumps(rows_to_json(rows))` works as it is.
    `attr.asdict` rather than `attrs.asdict`: only the former turns tuples into lists.
    """
    return [
        attr.asdict(row, retain_collection_types=False, value_serializer=_json_value)
        for row in rows
    ]
