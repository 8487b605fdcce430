"""The one place that knows the JSON format of EVENTS.md.

A single cattrs converter structures and unstructures every event type:
exact decimals, strict ISO dates, unknown keys rejected. Any failure becomes
one `InvalidEvent` naming where the event came from and the field at fault.
The `type` tag is dispatched by hand rather than with cattrs' tagged unions,
so an unknown or missing type gets the same one-line error as any field.

Hostile input is refused by the same hooks, field by field, quoting at most a
short prefix of the value (`quoting.brief`): a text longer than `MAX_TEXT`
characters, holding a NUL or a lone surrogate (neither can be stored on every
backend, nor written back as UTF-8); a list of more than `MAX_ITEMS`; a number
that is not plain decimal notation (`25`, `-0.5`: no exponent, `+`, `_`, spaces
or non-ASCII digits) or has more than `model.MAX_DIGITS` digits.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from types import NoneType, UnionType
from typing import Any, Literal, Union, get_args, get_origin

import attrs
from cattrs import Converter
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ForbiddenExtraKeysError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from tracker.errors import InvalidEvent
from tracker.jsontext import (
    MAX_NUMBER_TEXT,
    RefusedNumber,
    canonical_json,
    fast_canonical_json,
    parse_json,
)
from tracker.model import (
    EXACT,
    ID_LENGTH,
    MAX_DIGITS,
    TYPES_BY_NAME,
    Event,
    EventCorrected,
    FieldError,
    Recorded,
)
from tracker.quoting import brief

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
KEY_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}")
READ_ONLY_KEYS = ("seq", "recorded_at")  # written by export, ignored on import
LEADING_KEYS = ("id", "type", "date", "title")
TRAILING_KEYS = ("source", "tags")


class _AtIndex(Exception):
    """Carries an item's index out of a sequence hook, for the error path."""

    def __init__(self, index: int, error: BaseException) -> None:
        super().__init__(str(error))
        self.index = index
        self.error = error


MAX_TEXT = 100_000  # characters in one text value
MAX_ITEMS = 1_000  # items in one list
PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")  # ASCII digits: `\d` takes every script's
_PLAIN = "plain decimal notation (like 25 or -0.5)"


def structure_decimal(value: object, _: object = None) -> Decimal:
    """A number as written (JSON number or string), exactly; floats from scripts via repr."""
    if isinstance(value, RefusedNumber):
        if len(value.text) > MAX_NUMBER_TEXT:
            raise ValueError(f"must have at most {MAX_DIGITS} digits, got {brief(value)}")
        raise ValueError(f"must be written in {_PLAIN}, without an exponent, got {brief(value)}")
    if isinstance(value, str):
        if len(value) > MAX_NUMBER_TEXT or not PLAIN_NUMBER.fullmatch(value):
            raise ValueError(f"must be a number in {_PLAIN}, got {brief(value)}")
        number = Decimal(value)
    elif isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError(f"must be a number, got {brief(value)}")
    elif isinstance(value, int) and abs(value) >= 10**MAX_DIGITS:
        raise ValueError(f"must have at most {MAX_DIGITS} digits, got {brief(value)}")
    else:
        number = Decimal(repr(value) if isinstance(value, float) else value)
    if not number.is_finite():
        raise ValueError(f"must be a finite number, got {brief(value)}")
    digits = plain_digits(number)
    if digits > MAX_DIGITS:
        raise ValueError(f"must have at most {MAX_DIGITS} digits, got {digits:,}: {brief(value)}")
    return number


def plain_digits(number: Decimal) -> int:
    """How many digits `number` takes written out plainly: `0.05` takes 3, `1E+3` takes 4."""
    _, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    if not any(digits):
        return 1
    count = len(digits)
    while exponent < 0 and count > 1 and digits[count - 1] == 0:
        count -= 1
        exponent += 1
    if exponent >= 0:
        return count + exponent
    return max(count + exponent, 1) - exponent


def format_decimal(value: Decimal) -> str:
    """Canonical text: no exponent, no trailing zeros (`25`, `12.4`, `72000000000`), exact."""
    text = format(value.normalize(EXACT), "f")
    return "0" if text in ("-0", "0") else text


def structure_date(value: object, _: object = None) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"must be an ISO date YYYY-MM-DD, got {brief(value)}")


def _structure_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be a string, got {brief(value)}")
    if len(value) > MAX_TEXT:
        raise ValueError(f"must be at most {MAX_TEXT:,} characters, got {brief(value)}")
    if "\x00" in value:
        raise ValueError(f"must not contain a NUL character (\\u0000), got {brief(value)}")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise ValueError(
                f"must be valid Unicode, but has a lone surrogate "
                f"{value[error.start]!r} at character {error.start:,}: {brief(value)}"
            ) from None
    return value


def _structure_bool(value: object, _: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, got {brief(value)}")
    return value


def _structure_dict(value: object, _: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"must be an object, got {brief(value)}")
    return dict(value)


StructureHook = Callable[[Any, Any], Any]


def _literal_hook(literal: Any) -> StructureHook:
    allowed = get_args(literal)

    def structure(value: object, _: object) -> object:
        if value not in allowed:
            raise ValueError(f"must be one of {', '.join(map(str, allowed))}, got {brief(value)}")
        return value

    return structure


def _tuple_hook(
    tuple_type: Any, converter: Converter
) -> Callable[[object, object], tuple[Any, ...]]:
    item_type = get_args(tuple_type)[0]
    hook = converter.get_structure_hook(item_type)

    def structure(value: object, _: object) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise ValueError(f"must be a list, got {brief(value)}")
        if len(value) > MAX_ITEMS:
            raise ValueError(f"must have at most {MAX_ITEMS:,} items, got {len(value):,}")
        items: list[Any] = []
        try:
            for item in value:
                items.append(hook(item, item_type))
        except Exception as error:
            raise _AtIndex(len(items), error) from error
        return tuple(items)

    return structure


def _is_optional(target: Any) -> bool:
    args = get_args(target)
    return get_origin(target) in (Union, UnionType) and len(args) == 2 and NoneType in args


def _optional_hook(optional: Any, converter: Converter) -> StructureHook:
    """`X | None` dispatched once, not on every value (cattrs' generic path is the hot spot)."""
    inner = next(arg for arg in get_args(optional) if arg is not NoneType)
    hook = converter.get_structure_hook(inner)

    def structure(value: object, _: object) -> object:
        return None if value is None else hook(value, inner)

    return structure


def _is_literal(target: Any) -> bool:
    return get_origin(target) is Literal


def _is_tuple(target: Any) -> bool:
    return get_origin(target) is tuple


def _object_hook(cls: type[Any], converter: Converter) -> StructureHook:
    """Nested objects (a person, a source) say what they must be, like every other field."""
    structure_fields = make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True)

    def structure(value: object, _: object) -> object:
        if not isinstance(value, dict):
            raise ValueError(f"must be an object, got {brief(value)}")
        return structure_fields(value, cls)

    return structure


def make_converter() -> Converter:
    converter = Converter(forbid_extra_keys=True, omit_if_default=True)
    converter.register_structure_hook_factory(attrs.has, lambda t: _object_hook(t, converter))
    converter.register_structure_hook(Decimal, structure_decimal)
    converter.register_unstructure_hook(Decimal, format_decimal)
    converter.register_structure_hook(dt.date, structure_date)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook_func(lambda t: t == dict[str, Any], _structure_dict)
    converter.register_structure_hook_factory(_is_literal, _literal_hook)
    converter.register_structure_hook_factory(_is_tuple, lambda t: _tuple_hook(t, converter))
    converter.register_structure_hook_factory(_is_optional, lambda t: _optional_hook(t, converter))
    converter.register_unstructure_hook_func(
        _is_tuple, lambda value: [converter.unstructure(v) for v in value]
    )
    return converter


CONVERTER = make_converter()


def _first_error(error: BaseException, path: str = "") -> tuple[str, str]:
    """Walk cattrs' exception groups to the first leaf: (field path, message)."""
    if isinstance(error, BaseValidationError):
        for inner in error.exceptions:
            notes = getattr(inner, "__notes__", [])
            segment = ""
            for note in notes:
                if isinstance(note, AttributeValidationNote):
                    segment = f".{note.name}" if path else note.name
                elif isinstance(note, IterableValidationNote):
                    segment = f"[{note.index}]"
            return _first_error(inner, path + segment)
    if isinstance(error, _AtIndex):
        return _first_error(error.error, f"{path}[{error.index}]")
    if isinstance(error, ForbiddenExtraKeysError):
        extra = sorted(map(_key, error.extra_fields))
        key = f"{path}.{extra[0]}" if path else extra[0]
        if len(extra) == 1:
            return key, "unknown key"
        more = f" and {len(extra) - 3:,} more" if len(extra) > 3 else ""
        return key, f"unknown keys {', '.join(extra[:3])}{more}"
    if isinstance(error, FieldError):
        key = f"{path}.{error.field_name}" if path else error.field_name
        return key, error.message
    if isinstance(error, KeyError):
        return path, "required"
    if isinstance(error, TypeError) and "missing" in str(error):
        return path, "required field missing"
    return path, str(error)


def _key(name: str) -> str:
    """A key as it can be printed: as is when it looks like one, else a short quote."""
    return name if KEY_PATTERN.fullmatch(name) else brief(name)


def _where(where: str, obj: object) -> str:
    event_id = obj.get("id") if isinstance(obj, dict) else None
    # A short, printable id names the place even when invalid (its error quotes it).
    if isinstance(event_id, str) and 0 < len(event_id) <= ID_LENGTH and event_id.isprintable():
        return f"{where} ({event_id})" if where else f"event {event_id}"
    return where or "event"


def decode_event(obj: object, where: str = "") -> Event:
    """Build a model event from a dict in the EVENTS.md format, or raise `InvalidEvent`."""
    place = _where(where, obj)
    if not isinstance(obj, dict):
        raise InvalidEvent(place, "", f"an event must be a JSON object, got {brief(obj)}")
    type_name = obj.get("type")
    if type_name is None:
        raise InvalidEvent(place, "type", "required")
    cls = TYPES_BY_NAME.get(type_name) if isinstance(type_name, str) else None
    if cls is None:
        raise InvalidEvent(place, "type", f"unknown event type {brief(type_name)}")
    fields = {k: v for k, v in obj.items() if k != "type" and k not in READ_ONLY_KEYS}
    try:
        return CONVERTER.structure(fields, cls)
    except Exception as error:  # every failure becomes one line naming the field
        field, message = _first_error(error)
        raise InvalidEvent(place, field, message) from None


def encode_event(event: Event) -> dict[str, Any]:
    """The EVENTS.md dict of an event, keys in reading order, defaults left out."""
    body: dict[str, Any] = CONVERTER.unstructure(event)
    body["type"] = event.type
    ordered = {key: body.pop(key) for key in LEADING_KEYS if key in body}
    trailing = {key: body.pop(key) for key in TRAILING_KEYS if key in body}
    return ordered | body | trailing


def encode_record(record: Recorded) -> dict[str, Any]:
    """A stored event as `export` and `log --json` write it: EVENTS.md plus `seq`, `recorded_at`."""
    return encode_event(record.event) | {"seq": record.seq, "recorded_at": record.recorded_at}


def payload_of(event: Event) -> str:
    """The stored payload: the event's content without its id, as canonical JSON.

    Only a correction's free-form `changes` may hold floats, so only corrections
    take the stdlib's slower way (`jsontext` says why).
    """
    body: dict[str, Any] = CONVERTER.unstructure(event)
    body["type"] = event.type
    body.pop("id", None)
    if isinstance(event, EventCorrected):
        return canonical_json(body)
    return fast_canonical_json(body)


def decode_payload(event_id: str, payload: str) -> Event:
    return decode_event({"id": event_id, **json.loads(payload)}, f"event {event_id}")


def apply_changes(event: Event, changes: dict[str, Any], where: str = "") -> Event:
    """The event as a correction says it should have been; `None` clears a field."""
    body = encode_event(event) | changes
    body = {key: value for key, value in body.items() if value is not None}
    try:
        return decode_event(body)
    except InvalidEvent as error:
        field = f"changes.{error.field}" if error.field else "changes"
        raise InvalidEvent(where or f"event {event.id}", field, error.message) from None


def utf8_text(data: bytes, name: str) -> str:
    """Bytes of an input as text, or `InvalidEvent` naming the line of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise InvalidEvent(
            f"{name}:{line}",
            "",
            f"not UTF-8 text: byte 0x{data[error.start]:02x} at column {column}",
        ) from None


def iter_records(lines: Iterable[str], name: str) -> Iterator[tuple[str, object]]:
    """JSON Lines into (`name:line`, object) pairs; blank lines are skipped."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            yield where, parse_json(line)
        except json.JSONDecodeError as error:
            raise InvalidEvent(where, "", f"not valid JSON: {error.msg}") from None


def read_records(text: str, name: str) -> list[tuple[str, object]]:
    """A whole text: one JSON object, a JSON array of objects, or JSON Lines.

    A leading UTF-8 byte order mark (as some Windows editors write) is ignored.
    """
    text = text.removeprefix("\ufeff")
    stripped = text.lstrip()
    if stripped.startswith("[") or (stripped.startswith("{") and "\n" in stripped.rstrip()):
        try:
            whole = parse_json(text)
        except json.JSONDecodeError:
            whole = None
        if isinstance(whole, list):
            return [(f"{name}[{index}]", item) for index, item in enumerate(whole)]
        if isinstance(whole, dict):
            return [(f"{name}:1", whole)]
    # Lines end at "\n" only: JSON text may hold U+2028 and other characters
    # that `str.splitlines` would also break at.
    return list(iter_records(text.split("\n"), name))
