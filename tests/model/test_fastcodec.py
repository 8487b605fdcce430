"""The fast import path accepts only what the codec accepts, and then gives what it gives.

`fastcodec.fast_event` may decline any line (the codec then decides), but a line it
accepts must be one the codec accepts too, giving an equal event and the very same
payload text (stored payloads and their hashes depend on those bytes). Checked on
valid events written every way JSON allows, and on the same events with one value
made hostile, a key added or dropped, or the text damaged.
"""

from __future__ import annotations

import json
import random
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.examples import EXAMPLES
from tests.projections.strategies import plain_events
from tracker.codec import decode_event, encode_event, payload_of
from tracker.errors import InvalidEvent
from tracker.fastcodec import fast_event
from tracker.jsontext import parse_json
from tracker.model import Event

FAST_TYPES = [name for name in EXAMPLES if not name.startswith("event.")]
NUMBER_FIELDS = {"rate_pct", "rate_min_pct", "rate_max_pct", "value", "change_pct"}
HOSTILE_TEXT = ["", " ", "\t\n", "\u2003", "kr", "K", "KRR", "*", "**", "2025-02-30", "2025-1-1",
                "2025", "2025-Q5", "2025-13", "x" * 300, "a b", "é", "\u2028", "1e5", "+5",
                "-0", "0.10", "007", "NaN", "Infinity", " 25", "٢٥", "floor", "additional",
                "summit", "at_most", "Seoul \U0001f600"]  # fmt: skip
HOSTILE_RAW = ["null", "true", "false", "0", "-0", "-0.0", "25", "25.50", "-1", "1e2", "1E-2",
               "0.0000001", "123456789012345678901234567890123456789", "1" * 41, "[]", "{}",
               '["KR"]', '[{"name": "x"}]', '{"name": ""}', '{"org": "o", "extra": 1}',
               '"\\u0000"', '"\\ud800"', '"\\u00e9"', "[" * 30 + "]" * 30]  # fmt: skip


def agree(line: bytes) -> tuple[Event, str] | None:
    """Fast and codec agree on `line`; the fast result, or None if it declined."""
    fast = fast_event(line)
    try:
        event = decode_event(parse_json(line.decode("utf-8")), "line")
        payload = payload_of(event)
    except (InvalidEvent, ValueError):  # bad JSON or UTF-8 is a ValueError too
        assert fast is None, line
        return None
    if fast is not None:
        assert fast[0] == event, line
        assert repr(fast[0]) == repr(event), line  # the same decimals, not merely equal ones
        assert fast[1] == payload, line
    return fast


def written(obj: Any, rng: random.Random) -> bytes:
    """JSON text of `obj` as some writer might write it: spacing, escapes, key order."""
    if isinstance(obj, dict):
        items = list(obj.items())
        rng.shuffle(items)
        obj = dict(items)
    text = json.dumps(
        obj,
        ensure_ascii=rng.random() < 0.5,
        indent=None,
        separators=rng.choice([(",", ":"), (", ", ": "), (" ,", " : ")]),
    )
    return text.encode("utf-8", "surrogatepass")


def variants(body: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The same event, said otherwise: numbers as text or with trailing zeros, defaults
    and nulls spelled out, what export adds."""
    body = dict(body)
    for key in NUMBER_FIELDS & body.keys():
        text = str(body[key])
        choice = rng.randrange(4)
        if choice == 1:
            body[key] = Decimal(text)  # json.dumps cannot, so it is replaced below
        elif choice == 2:
            body[key] = text + (".0" if "." not in text else "0")
        elif choice == 3 and "." not in text:
            body[key] = int(text)
    if rng.random() < 0.3:
        body.setdefault("tags", [])
    if rng.random() < 0.3:
        body.setdefault("source", None)
    if rng.random() < 0.2:
        body |= {"seq": rng.randrange(10**6), "recorded_at": "2025-04-01T00:00:00+00:00"}
    return {k: float(v) if isinstance(v, Decimal) else v for k, v in body.items()}


def leaves(obj: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(obj, dict):
        for key, value in obj.items():
            found += leaves(value, (*path, key))
    elif isinstance(obj, list):
        for index, value in enumerate(obj):
            found += leaves(value, (*path, index))
    return found


def with_raw(body: dict[str, Any], path: tuple[Any, ...], raw: str) -> bytes:
    hole = "\x00HOLE\x00"
    copy = json.loads(json.dumps(body))
    target = copy
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = hole
    return json.dumps(copy).replace(json.dumps(hole), raw).encode("utf-8", "surrogatepass")


bodies = st.one_of(
    st.sampled_from([EXAMPLES[name] for name in FAST_TYPES]),
    plain_events.map(encode_event),
)


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(bodies, st.randoms(use_true_random=False))
def test_valid_events_written_any_way_agree_and_take_the_fast_path(
    body: dict[str, Any], rng: random.Random
) -> None:
    line = written(variants(body, rng), rng)
    assert agree(line) is not None, line


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(
    bodies,
    st.randoms(use_true_random=False),
    st.sampled_from(HOSTILE_TEXT).map(json.dumps) | st.sampled_from(HOSTILE_RAW),
)
def test_one_hostile_value_anywhere_agrees(
    body: dict[str, Any], rng: random.Random, raw: str
) -> None:
    path = rng.choice(leaves(body))
    agree(with_raw(body, path, raw))


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(bodies, st.randoms(use_true_random=False), st.sampled_from(["drop", "add", "twice"]))
def test_keys_dropped_added_or_given_twice_agree(
    body: dict[str, Any], rng: random.Random, change: str
) -> None:
    key = rng.choice(sorted(body))
    text = written(body, rng).decode("utf-8", "surrogatepass")
    if change == "drop":
        assume(key != "type")
        line = json.dumps({k: v for k, v in body.items() if k != key}).encode()
    elif change == "add":
        line = (
            text[:-1] + ', "' + rng.choice(["extra", "Title", "types", key + "_"]) + '": 1}'
        ).encode()
    else:  # JSON allows a key twice; the last one counts, on both paths
        again = json.dumps(rng.choice([body[key], "", "US", None, 5, "note"]))
        line = (text[:-1] + f', "{key}": {again}}}').encode("utf-8", "surrogatepass")
    agree(line)


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(bodies, st.randoms(use_true_random=False))
def test_damaged_text_agrees(body: dict[str, Any], rng: random.Random) -> None:
    data = bytearray(written(body, rng))
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(data))
        data[at : at + rng.randint(0, 2)] = rng.choice(
            [b"", b'"', b"\\", b"{", b"}", b"]", b",", b":", b"\xff", b"\xed\xa0\x80", b"0", b"-",
             b"e", b" ", b"\\u0000", b"\\ud800", b"null"]
        )  # fmt: skip
    agree(bytes(data))
