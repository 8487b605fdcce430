"""Importing JSON Lines fast: one C-speed parse into typed structs, the model's own rules.

The codec (`tracker.codec`) is the rule: what it refuses, the tracker refuses, with
its one-line errors. This module is a shortcut in front of it for the common case,
an import of many well-formed events. msgspec parses a line straight into a struct
of the event's type, checking in C what the codec's hooks check in Python -- JSON
types, required fields, unknown keys, literals, ISO dates, list lengths -- and the
model class is then built from the struct through its own `__init__`, so every
validator and cross-field rule of `tracker.model` runs as it does for the codec.
The stored payload is written from the struct, in the codec's canonical form.

Anything the shortcut is not sure of gives None, and the caller hands the line to
the codec instead: bad JSON or a bad field (so the codec names it), numbers (the
codec's plain-decimal rules are checked here on the number's own text, and anything
unusual goes back), a `\\u0000` escape anywhere, a line longer than the codec's
longest text, and corrections (their free-form `changes` are the codec's alone).
So the shortcut accepts only what the codec accepts, and then gives exactly the
event and payload the codec gives: a property test checks both on valid and
invalid lines.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Callable
from decimal import Decimal
from types import NoneType, UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import attrs
import msgspec

from tracker.codec import MAX_ITEMS, MAX_TEXT, format_decimal
from tracker.corrections import CORRECTION_TYPES
from tracker.model import EVENT_TYPES, MAX_DIGITS, Event

# A number as the codec reads it without a second look: plain notation, as a JSON
# number or a JSON string, short enough that it cannot have too many digits.
_PLAIN = re.compile(rb'-?[0-9]+(?:\.[0-9]+)?|"-?[0-9]+(?:\.[0-9]+)?"')
_CANONICAL = re.compile(rb"-?(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?")
_NUL = b"\\u0000"
_READ_ONLY = ("seq", "recorded_at")  # what export adds and import ignores, as the codec does


class NotSure(Exception):
    """The shortcut cannot tell: the codec decides."""


def _number(raw: msgspec.Raw) -> tuple[Decimal, str]:
    """An exact number and its canonical text, from the JSON text of the value."""
    text = bytes(raw)
    if len(text) > MAX_DIGITS or not _PLAIN.fullmatch(text):
        raise NotSure
    if text[0] == 34:  # a string: '"'
        text = text[1:-1]
    elif text == b"-0":
        text = b"0"  # the JSON integer -0 is the integer 0, as the codec reads it
    number = Decimal(text.decode())
    if _CANONICAL.fullmatch(text) and text != b"-0":
        return number, text.decode()
    return number, format_decimal(number)


def _struct_type(hint: Any, structs: dict[type, type]) -> Any:
    """The msgspec type checking what the codec's hook for `hint` checks."""
    args = get_args(hint)
    if get_origin(hint) in (Union, UnionType) and len(args) == 2 and NoneType in args:
        inner = next(a for a in args if a is not NoneType)
        if inner is Decimal:  # msgspec takes no union with Raw: `null` is read as text
            return msgspec.Raw
        return _struct_type(inner, structs) | None
    if hint is Decimal:
        return msgspec.Raw
    if hint in (str, bool, dt.date) or get_origin(hint) is Literal:
        return hint
    if get_origin(hint) is tuple:
        item = _struct_type(args[0], structs)
        return Annotated[tuple[item, ...], msgspec.Meta(max_length=MAX_ITEMS)]  # type: ignore[valid-type]
    if attrs.has(hint):
        return _struct_of(hint, structs)
    raise TypeError(f"no fast type for {hint!r}")


def _struct_of(cls: type[Any], structs: dict[type, type], tag: str | None = None) -> type:
    """A struct with the model class's fields, defaults and types; unknown keys refused."""
    if cls in structs:
        return structs[cls]
    hints = typing.get_type_hints(cls)
    fields: list[tuple[str, Any, Any]] = []
    for field in attrs.fields(cls):
        kind = _struct_type(hints[field.name], structs)
        if field.default is attrs.NOTHING:
            fields.append((field.name, kind, msgspec.NODEFAULT))
        else:
            fields.append((field.name, kind, field.default))
    if tag is not None:
        fields += [(name, Any, None) for name in _READ_ONLY]
    struct = msgspec.defstruct(
        f"{cls.__name__}Struct",
        [(name, kind) if default is msgspec.NODEFAULT else (name, kind, default)
         for name, kind, default in fields],
        kw_only=True,
        forbid_unknown_fields=True,
        omit_defaults=True,
        tag_field="type" if tag is not None else None,
        tag=tag,
    )  # fmt: skip
    structs[cls] = struct
    return struct


Build = Callable[[Any], Any]


def _builder(cls: type[Any], builders: dict[type, Build]) -> Build:
    """Build the model object from its struct through the class's own `__init__`
    (validators and all); numbers become exact decimals, their struct fields the
    canonical text the payload holds."""
    if cls in builders:
        return builders[cls]
    hints = typing.get_type_hints(cls)
    scope: dict[str, Any] = {"cls": cls, "number": _number, "NULL": msgspec.Raw(b"null")}
    lines = ["def build(s):"]
    arguments = []
    for n, field in enumerate(attrs.fields(cls)):
        name, hint = field.name, hints[field.name]
        inner, optional = _inner(hint)
        if inner is Decimal:
            lines.append(f"    v{n} = s.{name}")
            if optional:
                lines.append(f"    if v{n} is not None and v{n} != NULL:")
                lines.append(f"        v{n}, s.{name} = number(v{n})")
                lines.append("    else:")
                lines.append(f"        v{n} = s.{name} = None")
            else:
                lines.append(f"    v{n}, s.{name} = number(v{n})")
        elif attrs.has(inner):
            scope[f"b{n}"] = _builder(inner, builders)
            lines.append(f"    v{n} = s.{name}")
            if optional:
                lines.append(f"    if v{n} is not None: v{n} = b{n}(v{n})")
            else:
                lines.append(f"    v{n} = b{n}(v{n})")
        elif get_origin(inner) is tuple and attrs.has(get_args(inner)[0]):
            scope[f"b{n}"] = _builder(get_args(inner)[0], builders)
            lines.append(f"    v{n} = tuple([b{n}(item) for item in s.{name}])")
        else:
            lines.append(f"    v{n} = s.{name}")
        arguments.append(f"{name}=v{n}")
    lines.append(f"    return cls({', '.join(arguments)})")
    exec("\n".join(lines), scope)
    build: Build = scope["build"]
    builders[cls] = build
    return build


def _inner(hint: Any) -> tuple[Any, bool]:
    args = get_args(hint)
    if get_origin(hint) in (Union, UnionType) and len(args) == 2 and NoneType in args:
        return next(a for a in args if a is not NoneType), True
    return hint, False


_FAST_TYPES = tuple(cls for cls in EVENT_TYPES if cls.type not in CORRECTION_TYPES)
_STRUCTS: dict[type, type] = {}
_BUILDERS: dict[type, Build] = {}
_DECODER = msgspec.json.Decoder(
    Union[tuple(_struct_of(cls, _STRUCTS, cls.type) for cls in _FAST_TYPES)]  # noqa: UP007
)
_BUILD = {_STRUCTS[cls]: _builder(cls, _BUILDERS) for cls in _FAST_TYPES}
_ENCODER = msgspec.json.Encoder(order="sorted")


def fast_event(line: bytes) -> tuple[Event, str] | None:
    """The event a JSON line holds and its stored payload, or None: ask the codec."""
    if len(line) > MAX_TEXT or _NUL in line:
        return None
    try:
        struct = _DECODER.decode(line)
        event: Event = _BUILD[type(struct)](struct)
    except (msgspec.ValidationError, msgspec.DecodeError, NotSure, ValueError, TypeError):
        return None
    struct.id = struct.seq = struct.recorded_at = None
    return event, _ENCODER.encode(struct).decode()
