"""Compact JSON text, fast: the bytes the stdlib writes, at orjson's speed.

Payloads and hash-chain content are defined by the stdlib's
`json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`;
stores written before depend on those exact bytes. orjson writes the same
text for what they hold -- strings, ints, booleans, null, lists and
string-keyed dicts (a property test keeps it so) -- but not floats (`1e-07`
there is `1e-7` here), ints beyond 64 bits, other keys or lone surrogates, so
those go the stdlib's way. Parsing keeps exact decimals and the stdlib's
verdict on anything msgspec refuses (its error messages are the ones users see).

Numbers are read as written, never rounded: a fraction as an exact `Decimal`, an
integer as an `int`. A number the tracker does not read at all -- exponent
notation (`1e999999999`), or longer than `MAX_NUMBER_TEXT` characters -- is kept
as a `RefusedNumber`, which the codec refuses by field name. JSON nested past
what the parser can follow is a `JSONDecodeError`, like any other bad JSON.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import msgspec
import orjson

MAX_NUMBER_TEXT = 100  # characters of a JSON number read at all (the codec allows 40 digits)


class RefusedNumber:
    """A JSON number left unread: exponent notation, or absurdly long."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RefusedNumber) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        if len(self.text) <= 40:
            return self.text
        return f"{self.text[:40]}… ({len(self.text):,} characters)"


def read_fraction(text: str) -> Decimal | RefusedNumber:
    if len(text) > MAX_NUMBER_TEXT or "e" in text or "E" in text:
        return RefusedNumber(text)
    return Decimal(text)


def read_integer(text: str) -> int | RefusedNumber:
    return RefusedNumber(text) if len(text) > MAX_NUMBER_TEXT else int(text)


_DECODER = msgspec.json.Decoder(float_hook=read_fraction)


def canonical_json(obj: object) -> str:
    """The definition: sorted keys, no spaces, non-ASCII as is."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def fast_canonical_json(obj: object) -> str:
    """`canonical_json` for values holding no floats, by orjson where it can."""
    try:
        return orjson.dumps(obj, option=orjson.OPT_SORT_KEYS).decode()
    except (orjson.JSONEncodeError, TypeError):
        return canonical_json(obj)


def parse_json(text: str | bytes) -> Any:
    """JSON text with every number that has a fraction or exponent as an exact `Decimal`."""
    try:
        return _DECODER.decode(text)
    except (msgspec.DecodeError, RecursionError, UnicodeEncodeError):
        pass  # the stdlib decides, with its messages (a lone surrogate: the codec refuses it)
    try:
        return json.loads(text, parse_float=read_fraction, parse_int=read_integer)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", "", 0) from None
