"""Compact JSON text, fast: the bytes the stdlib writes, at orjson's speed.

Payloads and hash-chain content are defined by the stdlib's
`json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`;
stores written before depend on those exact bytes. orjson writes the same
text for what they hold -- strings, ints, booleans, null, lists and
string-keyed dicts (a property test keeps it so) -- but not floats (`1e-07`
there is `1e-7` here), ints beyond 64 bits, other keys or lone surrogates, so
those go the stdlib's way. Parsing keeps exact decimals and the stdlib's
verdict on anything msgspec refuses (its error messages are the ones users see).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import msgspec
import orjson

_DECODER = msgspec.json.Decoder(float_hook=Decimal)


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
    except (msgspec.DecodeError, RecursionError):
        return json.loads(text, parse_float=Decimal)
