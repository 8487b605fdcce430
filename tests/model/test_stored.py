"""Stored payloads decode without validation into exactly what the codec builds."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.codec import decode_payload, payload_of
from tracker.model import Event
from tracker.stored import decode_stored

from ..projections.strategies import correction, plain_events


@settings(max_examples=400)
@given(event=plain_events, event_id=st.from_regex(r"[a-z0-9][a-z0-9.-]{0,30}", fullmatch=True))
def test_a_stored_payload_decodes_to_the_codecs_event(event: Event, event_id: str) -> None:
    payload = payload_of(event)
    fast = decode_stored(event_id, payload)
    assert fast == decode_payload(event_id, payload)
    assert type(fast) is type(event)
    assert fast.id == event_id


@settings(max_examples=100)
@given(data=st.data())
def test_corrections_decode_as_the_codec_decodes_them(data: Any) -> None:
    fix = data.draw(correction(["a", "b"], data.draw(st.dates())))
    payload = payload_of(fix)
    assert decode_stored("c", payload) == decode_payload("c", payload)


def test_a_payload_the_builder_does_not_know_gets_the_codecs_verdict() -> None:
    import pytest

    from tracker.errors import InvalidEvent

    with pytest.raises(InvalidEvent, match="rate_pct"):
        decode_stored("x", '{"type":"tariff.announced","date":"2025-01-01","title":"t",'
                           '"imposed_by":"US","applies_to":"KR","measure":"m"}')  # fmt: skip


def test_numbers_in_a_corrections_changes_read_back_as_the_codec_reads_them() -> None:
    for number in ("15.5", "1e-07", str(10**30), "-0.0", "12"):
        payload = (
            '{"changes":{"value":' + number + '},"date":"2025-01-01","reason":"r",'
            '"target":"a","title":"t","type":"event.corrected"}'
        )
        assert decode_stored("c", payload) == decode_payload("c", payload), number
