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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Generic, Protocol, TypeVar

import attr
from attrs import AttrsInstance, frozen

from tracker.codec import format_decimal
from tracker.model import Event
from tracker.moments import resolve_decided_by

S = TypeVar("S")
S_co = TypeVar("S_co", covariant=True)
T = TypeVar("T")
K = TypeVar("K")
J = TypeVar("J")
V = TypeVar("V")


class Accumulator(Protocol[S_co]):
    """Folds events one at a time into a copy of a state it was given, then hands back the
    state `apply` would have given, event by event. Local to one fold, so it may be
    mutable: `apply` stays a pure function of (state, event), and a fold of many events
    copies no state per event."""

    def add(self, event: Event) -> None: ...

    def state(self) -> S_co: ...


class Projection(Protocol[S]):
    """What `replay` needs: a projection module satisfies this structurally."""

    def initial(self) -> S: ...

    def apply(self, state: S, event: Event) -> S: ...

    @property
    def Folder(self) -> Callable[[S], Accumulator[S]]: ...  # the module's class


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
    return fold(projection.Folder, log, projection.initial())


def fold(folder: Callable[[S], Accumulator[S]], log: Iterable[Event], state: S) -> S:
    """`state` with every event of `log` folded in, as `apply` would, by `folder`."""
    accumulator = folder(state)
    for event in log:
        accumulator.add(event)
    return accumulator.state()


@frozen
class Stack(Generic[T]):
    """An immutable list that grows at the top in O(1): fold states must not copy history."""

    top: T
    rest: Stack[T] | None = None


def push(stack: Stack[T] | None, item: T) -> Stack[T]:
    return Stack(item, stack)


def push_all(stack: Stack[T] | None, items: Iterable[T]) -> Stack[T] | None:
    for item in items:
        stack = Stack(item, stack)
    return stack


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


class Nested(Generic[K, J, V]):
    """A two-level map being written by one fold: copies the outer map once, and each inner
    map the first time it is written to, so the maps it was given stay as they were."""

    def __init__(self, start: Mapping[K, Mapping[J, V]]) -> None:
        self._outer: dict[K, Mapping[J, V]] = dict(start)
        self._copied: set[K] = set()

    def put(self, outer: K, inner: J, value: V) -> None:
        if outer in self._copied:
            self._outer[outer][inner] = value  # type: ignore[index]
        else:
            self._outer[outer] = {**self._outer.get(outer, {}), inner: value}
            self._copied.add(outer)

    def get(self, outer: K, inner: J) -> V | None:
        return self._outer.get(outer, {}).get(inner)

    def result(self) -> dict[K, Mapping[J, V]]:
        return self._outer


class Identified(Protocol):
    @property
    def id(self) -> str | None: ...


def iter_ids(events: Iterable[Identified]) -> Iterator[str]:
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
