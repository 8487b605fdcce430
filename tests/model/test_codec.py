"""The JSON format of EVENTS.md: every type round-trips; every bad input is one clear line."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.examples import EXAMPLES, example
from tracker.codec import (
    apply_changes,
    decode_event,
    encode_event,
    format_decimal,
    payload_of,
    read_records,
)
from tracker.errors import InvalidEvent
from tracker.model import EVENT_TYPES, TariffAnnounced


def test_every_type_has_an_example() -> None:
    assert set(EXAMPLES) == {cls.type for cls in EVENT_TYPES}


@pytest.mark.parametrize("type_name", sorted(EXAMPLES))
def test_round_trip_of_every_type(type_name: str) -> None:
    original = EXAMPLES[type_name]
    event = decode_event(original)
    assert event.type == type_name
    encoded = encode_event(event)
    # Defaults are left out of the encoding; everything given comes back as given.
    assert encoded == {k: v for k, v in original.items() if v != "additional"}
    assert decode_event(encoded) == event


def test_amounts_are_exact_decimals_from_numbers_or_strings() -> None:
    as_number = decode_event(example("tariff.announced", rate_pct=Decimal("12.345678901234567890")))
    as_text = decode_event(example("tariff.announced", rate_pct="12.345678901234567890"))
    assert isinstance(as_number, TariffAnnounced)
    assert as_number.rate_pct == Decimal("12.345678901234567890")
    assert as_number == as_text
    assert encode_event(as_number)["rate_pct"] == "12.34567890123456789"


def test_a_json_number_is_parsed_without_float_rounding() -> None:
    [(_, obj)] = read_records('{"x": 0.1000000000000000055511151231257827}', "f.jsonl")
    assert isinstance(obj, dict)
    assert obj["x"] == Decimal("0.1000000000000000055511151231257827")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("72000000000"), "72000000000"),
        (Decimal("7.2E+10"), "72000000000"),
        (Decimal("12.40"), "12.4"),
        (Decimal("0.00"), "0"),
    ],
)
def test_decimals_have_one_canonical_text(value: Decimal, text: str) -> None:
    assert format_decimal(value) == text


def test_same_content_has_the_same_payload_however_written() -> None:
    a = decode_event(example("tariff.announced", rate_pct=15))
    b = decode_event(example("tariff.announced", rate_pct="15.0"))
    assert payload_of(a) == payload_of(b)


BAD_INPUTS: list[tuple[str, dict[str, Any], str]] = [
    (
        "tariff.announced",
        {"date": "2025-13-01"},
        "date: must be an ISO date YYYY-MM-DD, got '2025-13-01'",
    ),
    ("tariff.announced", {"date": "20251201"}, "date: must be an ISO date"),
    ("tariff.announced", {"rate_pct": -5}, "rate_pct: must be >= 0, got -5"),
    (
        "tariff.announced",
        {"rate_pct": "abc"},
        "rate_pct: must be a number in plain decimal notation (like 25 or -0.5), got 'abc'",
    ),
    ("tariff.announced", {"rate_pct": True}, "rate_pct: must be a number, got True"),
    ("tariff.announced", {"type": "tariff.imposed"}, "type: unknown event type 'tariff.imposed'"),
    ("tariff.announced", {"colour": "red"}, "colour: unknown key"),
    ("tariff.announced", {"applies_to": "kr"}, "applies_to: must be a two-letter capital"),
    ("tariff.announced", {"imposed_by": "USA"}, "imposed_by: must be a two-letter capital"),
    ("tariff.announced", {"basis": "stacked"}, "basis: must be one of additional, floor"),
    ("tariff.announced", {"source": {"publisher": "x", "page": 3}}, "source.page: unknown key"),
    ("tariff.announced", {"id": "has space"}, "id: must be 1-200 characters"),
    (
        "tariff.threatened",
        {"rate_min_pct": 30, "rate_max_pct": 20},
        "rate_min_pct: must not exceed rate_max_pct (30 > 20)",
    ),
    ("tariff.threatened", {"rate_min_pct": None, "rate_max_pct": None}, "rate_pct: a threat needs"),
    ("tariff.threat_withdrawn", {"rate_pct": 25}, "rate_pct: unknown key"),
    ("tariff.threat_withdrawn", {"measure": " "}, "measure: must not be empty"),
    (
        "meeting.held",
        {"theirs": [{"role": "Senator"}]},
        "theirs[0].name: a person needs a name or an org",
    ),
    (
        "meeting.held",
        {"ours": [{"name": "Yeo", "country": "Korea"}]},
        "ours[0].country: must be a two-letter capital",
    ),
    ("meeting.held", {"theirs": "Greer"}, "theirs: must be a list, got 'Greer'"),
    ("meeting.held", {"format": "dinner"}, "format: must be one of"),
    (
        "target.set",
        {"period": "2024-13"},
        "period: must be YYYY, YYYY-MM or YYYY-Qn, got '2024-13'",
    ),
    ("target.set", {"period": "FY2024"}, "period: must be YYYY, YYYY-MM or YYYY-Qn"),
    ("figure.reported", {"period": "2024-Q5"}, "period: must be YYYY, YYYY-MM or YYYY-Qn"),
    ("figure.reported", {"all_time_high": "yes"}, "all_time_high: must be true or false"),
    ("note", {"body": None}, "body: required"),
    ("note", {"title": ""}, "title: must not be empty"),
    ("agreement.reached", {"parties": ["KR", "usa"]}, "parties: must be a two-letter capital"),
]


@pytest.mark.parametrize(("type_name", "changes", "message"), BAD_INPUTS)
def test_bad_input_is_one_line_naming_where_and_the_field(
    type_name: str, changes: dict[str, Any], message: str
) -> None:
    obj = {k: v for k, v in example(type_name, **changes).items() if v is not None}
    with pytest.raises(InvalidEvent) as caught:
        decode_event(obj, "events.jsonl:12")
    text = str(caught.value)
    assert "\n" not in text
    assert text.startswith(f"events.jsonl:12 ({obj['id']}): "), text
    assert message in text


def test_the_documented_error_line() -> None:
    obj = example("tariff.announced", id="2025-04-02-annex", rate_pct=-5)
    with pytest.raises(InvalidEvent) as caught:
        decode_event(obj, "events.jsonl:12")
    assert str(caught.value) == "events.jsonl:12 (2025-04-02-annex): rate_pct: must be >= 0, got -5"


def test_an_event_must_be_an_object() -> None:
    with pytest.raises(InvalidEvent, match=r"^f:1: an event must be a JSON object, got \[1\]$"):
        decode_event([1], "f:1")


def test_seq_and_recorded_at_are_ignored_on_import() -> None:
    event = decode_event({**EXAMPLES["note"], "seq": 9, "recorded_at": "2026-01-01T00:00:00Z"})
    assert "seq" not in encode_event(event)


def test_invalid_json_names_the_line() -> None:
    with pytest.raises(InvalidEvent, match=r"^f.jsonl:2: not valid JSON"):
        read_records('{"a": 1}\n{"b": \n', "f.jsonl")


def test_a_file_may_be_one_object_an_array_or_json_lines() -> None:
    one = '{\n  "a": 1\n}\n'
    array = '[{"a": 1}, {"a": 2}]'
    lines = '{"a": 1}\n\n{"a": 2}\n'
    assert [obj for _, obj in read_records(one, "f")] == [{"a": 1}]
    assert [w for w, _ in read_records(array, "f")] == ["f[0]", "f[1]"]
    assert [w for w, _ in read_records(lines, "f")] == ["f:1", "f:3"]


def test_a_correction_is_applied_and_validated() -> None:
    target = decode_event(EXAMPLES["tariff.paused"])
    fixed = apply_changes(target, {"until": "2025-07-10", "rate_pct": None})
    encoded = encode_event(fixed)
    assert encoded["until"] == "2025-07-10"
    assert "rate_pct" not in encoded
    with pytest.raises(InvalidEvent, match=r"^fix:1: changes.until: must be an ISO date"):
        apply_changes(target, {"until": "July"}, "fix:1")


def test_a_utf8_byte_order_mark_is_ignored() -> None:
    line = '{"type": "note", "date": "2025-01-01", "title": "t", "body": "b"}'
    for text in (
        "\ufeff" + line,
        "\ufeff" + line + "\n" + line.replace('"t"', '"u"'),
        f"\ufeff[{line}]",
    ):
        [(where, obj), *_] = read_records(text, "f.jsonl")
        assert isinstance(obj, dict) and obj["type"] == "note"
        assert where in ("f.jsonl:1", "f.jsonl[0]")
