"""How a tariff line's reading view is stored in the cache: compact JSON, decoded fast.

A view holds a few model events (the decisions that can still matter, a
pause, a threat) and some dates. Pickling attrs objects cost more than the
rest of an as-of answer, so the events are written as their codec dicts and
read back with `tracker.stored`'s validator-free builders, the way stored
payloads are.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson

from tracker.codec import CONVERTER
from tracker.model import Event
from tracker.projections import Stack, push, unwind
from tracker.projections.tariffs import Decision, Line, Pause
from tracker.stored import build_event


def encode_view(line: Line, written: dict[int, dict[str, Any]] | None = None) -> bytes:
    """The view as JSON; `written` (the events' dicts by `id()`, kept by a caller encoding
    many views of one line, whose events stay alive meanwhile) spares writing each again."""
    memo = {} if written is None else written

    def _event(event: Event) -> dict[str, Any]:
        body = memo.get(id(event))
        if body is None:
            body = memo[id(event)] = _body(event)
        return body

    def _pause(pause: Pause | None) -> list[Any] | None:
        if pause is None:
            return None
        return [_event(pause.event), _day(pause.since), _day(pause.ends), _pause(pause.before)]

    return orjson.dumps(
        [
            [_event(decision) for decision in unwind(line.schedule)],
            _pause(line.pause),
            _event(line.threat) if line.threat is not None else None,
            _day(line.first_threat),
            _day(line.decided_on),
            line.products,
        ]
    )


def decode_view(data: bytes | str) -> Line:
    schedule, pause, threat, first_threat, decided_on, products = orjson.loads(data)
    stack: Stack[Decision] | None = None
    for decision in schedule:
        stack = push(stack, build_event(decision))  # type: ignore[arg-type]
    return Line(
        schedule=stack,
        pause=_read_pause(pause),
        threat=build_event(threat) if threat is not None else None,  # type: ignore[arg-type]
        first_threat=_read_day(first_threat),
        decided_on=_read_day(decided_on),
        products=products,
    )


def _body(event: Event) -> dict[str, Any]:
    body: dict[str, Any] = CONVERTER.unstructure(event)
    body["type"] = event.type
    return body


def _read_pause(data: list[Any] | None) -> Pause | None:
    if data is None:
        return None
    event, since, ends, before = data
    return Pause(build_event(event), _read_day(since), _read_day(ends), _read_pause(before))  # type: ignore[arg-type]


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _read_day(text: str | None) -> Any:
    return dt.date.fromisoformat(text) if text is not None else None
