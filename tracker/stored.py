"""Stored payloads back into model events, fast: what appending validated is trusted.

Every payload in the store was written by `codec.payload_of` from an event that
passed the codec's validation, and `verify` proves none was edited since. So a
replay need not validate it again: each model class gets a builder that turns
the payload's JSON into the same object the codec would build -- ISO dates into
`date`, decimal strings into exact `Decimal`, lists into tuples, nested people
and sources into their classes -- without running a validator. Anything the
builder does not expect (a payload from an unknown version) goes through the
codec instead, whose answer is the rule.
"""

from __future__ import annotations

import datetime as dt
import sys
import typing
from collections.abc import Callable
from decimal import Decimal
from types import NoneType, UnionType
from typing import Any, Literal, Union, get_args, get_origin

import attrs
import msgspec

from tracker.codec import decode_event, decode_payload
from tracker.model import EVENT_TYPES, Event, Person

Decode = Callable[[Any], Any]
_JSON = msgspec.json.Decoder()
# Strings are interned as they are read (a replay holds the people, places and codes
# of every meeting and measure, the same few thousand strings over and over), except
# an event's own prose and id, which repeat nowhere.
PROSE = frozenset({"id", "title", "body", "summary", "outcome", "reason", "quote", "url"})
_MISSING = object()


def build_event(obj: dict[str, Any]) -> Event:
    """A model event from its codec dict (with `type`), built as `decode_stored` builds."""
    try:
        event: Event = _BUILDERS[obj["type"]](obj)
    except Exception:  # not a dict this module knows: the codec decides
        return decode_event(obj, f"event {obj.get('id')}")
    return event


def build_people(objs: list[dict[str, Any]]) -> tuple[Person, ...]:
    """People from their codec dicts, built as `decode_stored` builds an event's."""
    return tuple(map(_build_person, objs))


def decode_stored(event_id: str, payload: str | bytes) -> Event:
    """The event a stored payload holds, as the codec would decode it, several times faster."""
    try:
        obj = _JSON.decode(payload)
        build = _BUILDERS[obj["type"]]
        obj["id"] = event_id
        event: Event = build(obj)
    except Exception:  # not a payload this module knows: the codec decides
        return decode_payload(event_id, payload if isinstance(payload, str) else payload.decode())
    return event


def _value_decoder(hint: Any) -> tuple[Decode | None, bool]:
    """How one field's JSON value becomes the model's value (None: as is), and if optional."""
    args = get_args(hint)
    if get_origin(hint) in (Union, UnionType) and len(args) == 2 and NoneType in args:
        return _value_decoder(next(arg for arg in args if arg is not NoneType))[0], True
    if hint is dt.date:
        return dt.date.fromisoformat, False
    if hint is Decimal:
        return Decimal, False
    if hint is str:
        return sys.intern, False
    if hint is bool or get_origin(hint) is Literal or hint == dict[str, Any]:
        return None, False
    if get_origin(hint) is tuple:
        item = _value_decoder(args[0])[0]
        return (tuple if item is None else lambda value: tuple(map(item, value))), False
    if attrs.has(hint):
        return _builder(hint), False
    raise TypeError(f"no stored decoder for {hint!r}")


def _builder(cls: type[Any]) -> Decode:
    """Build `cls` from its JSON dict without validators, as straight-line generated code.

    A loop over the fields cost more than the JSON parsing itself; like cattrs, the
    builder is generated once per class, setting each field as attrs' own `__init__`.
    """
    hints = typing.get_type_hints(cls)
    scope: dict[str, Any] = {"new": object.__new__, "set_field": object.__setattr__,
                             "cls": cls, "MISSING": _MISSING}  # fmt: skip
    lines = ["def build(obj):", "    get = obj.get", "    instance = new(cls)"]
    for n, field in enumerate(attrs.fields(cls)):
        if not field.init:
            continue
        if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            raise TypeError(f"{cls.__name__}.{field.name}: factory defaults are not supported")
        decode, optional = _value_decoder(hints[field.name])
        if field.name in PROSE:
            decode = None
        scope[f"default{n}"], scope[f"decode{n}"] = field.default, decode
        lines.append(f"    value = get({field.name!r}, MISSING)")
        if field.default is attrs.NOTHING:
            lines.append(f"    if value is MISSING: raise KeyError({field.name!r})")
        else:
            lines.append(f"    if value is MISSING: value = default{n}")
        if decode is not None:
            guard = "value is not MISSING and value is not None" if optional else (
                "value is not MISSING")  # fmt: skip
            if field.default is attrs.NOTHING and not optional:
                lines.append(f"    value = decode{n}(value)")
            else:
                lines.append(f"    elif {guard.replace('value is not MISSING and ', '')}:")
                lines.append(f"        value = decode{n}(value)")
        lines.append(f"    set_field(instance, {field.name!r}, value)")
    lines.append("    return instance")
    exec("\n".join(lines), scope)
    build: Decode = scope["build"]
    return build


# A correction's `changes` is kept as parsed: msgspec reads numbers as the stdlib does
# (ints exact however long, floats correctly rounded; orjson would turn a long int into
# a float).
_BUILDERS: dict[str, Decode] = {cls.type: _builder(cls) for cls in EVENT_TYPES}
_build_person = _builder(Person)
