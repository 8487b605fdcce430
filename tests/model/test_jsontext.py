"""The fast JSON paths write and read exactly what the stdlib does.

Stored payloads and the hash chain are defined by the stdlib's bytes: if the
fast path wrote one byte differently, stores written before would stop
verifying and re-imports would stop being idempotent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.codec import decode_event, encode_event, payload_of
from tracker.jsontext import (
    canonical_json,
    fast_canonical_json,
    parse_json,
    read_fraction,
    read_integer,
)
from tracker.model import Note, Source
from tracker.store import NewEvent, row_hash

from ..projections.strategies import plain_events

# Every code point, surrogates and controls included: escaping is where encoders differ.
any_text = st.text(st.characters(codec=None, categories=None), max_size=30)
scalars = st.none() | st.booleans() | st.integers(-(2**70), 2**70) | any_text
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=500)
@given(json_values)
def test_fast_canonical_json_writes_the_stdlib_bytes(value: Any) -> None:
    assert fast_canonical_json(value) == canonical_json(value)


def test_floats_are_not_given_to_the_fast_path_by_payloads() -> None:
    """orjson writes 1e-7 where the stdlib writes 1e-07: corrections take the stdlib way."""
    assert canonical_json([1e-7]) == "[1e-07]"
    assert fast_canonical_json([1e-7]) != canonical_json([1e-7])  # why payload_of routes
    correction = {"type": "event.corrected", "date": "2025-01-01", "title": "fix",
                  "target": "a", "reason": "typo", "changes": {"rate_pct": 1e-7}}  # fmt: skip
    assert payload_of(decode_event(correction)) == canonical_json(correction)


def _stdlib_payload(event: Any) -> str:
    body = encode_event(event)
    body.pop("id", None)
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@settings(max_examples=300)
@given(event=plain_events, title=any_text.filter(str.strip), publisher=any_text)
def test_payloads_are_the_bytes_stored_before(event: Any, title: str, publisher: str) -> None:
    event = event.__class__(
        **{**_fields(event), "title": title, "source": Source(publisher=publisher)}
    )
    assert payload_of(event) == _stdlib_payload(event)


def _fields(event: Any) -> dict[str, Any]:
    import attrs

    return {a.name: getattr(event, a.name) for a in attrs.fields(type(event)) if a.init}


@settings(max_examples=300)
@given(event_id=any_text, payload=any_text, seq=st.integers(1, 2**40))
def test_row_hashes_are_the_ones_chained_before(event_id: str, payload: str, seq: int) -> None:
    row = NewEvent(event_id, "note", dt.date(2025, 1, 2), payload)
    at = dt.datetime(2025, 1, 2, 3, 4, 5, 6, tzinfo=dt.UTC)
    content = [seq, event_id, "note", "2025-01-02", at.isoformat(timespec="microseconds"), payload]
    text = "0" * 64 + "\n" + json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    expected = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    try:
        actual = row_hash("0" * 64, seq, row, at)
    except UnicodeEncodeError:  # a lone surrogate cannot be stored at all, either way
        return
    assert actual == expected


numbers = (
    st.decimals(allow_nan=False, allow_infinity=False)
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
)


@settings(max_examples=300)
@given(
    st.recursive(
        numbers | any_text | st.booleans() | st.none(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4),
        max_leaves=20,
    )
)
def test_parsing_keeps_exact_decimals_as_the_stdlib_does(value: Any) -> None:
    text = json.dumps(value, default=str)
    expected = json.loads(text, parse_float=read_fraction, parse_int=read_integer)
    assert parse_json(text) == expected


def test_a_note_payload_keeps_non_ascii_as_is() -> None:
    note = Note(date=dt.date(2025, 1, 1), title="Yeo Han-koo \u2028 \U0001f600", body="\x1f ok")
    assert payload_of(note) == _stdlib_payload(note)
    assert "\U0001f600" in payload_of(note)
