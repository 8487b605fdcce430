"""Generated hostile input through the API on a real store: every type, every field.

Run on each backend (a SQLite file, PostgreSQL); tests/cli/test_hostile_cli.py
sends a seeded sample of the same cases through the real command.

Each case is a line of JSON text with one value replaced by something hostile.
It must be refused as one `InvalidEvent` line naming the place and the field,
quoting at most a short prefix of the value, with nothing written. A seeded
byte mutator then checks that no damaged line gets past the codec any other way.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from typing import Any

import pytest

from tests.backends import BACKENDS, fresh_store_url
from tests.examples import EXAMPLES
from tracker.api import Tracker
from tracker.codec import MAX_ITEMS, MAX_TEXT
from tracker.errors import ExitCode, InvalidEvent, TrackerError

Path = tuple[str | int, ...]
HOLE = "\x00hole\x00"

# Raw JSON text that no field of any type accepts.
ANYWHERE = {
    "huge text": json.dumps("x" * (MAX_TEXT + 1)),
    "5 MB text": json.dumps("7" * 5_000_000),
    "lone surrogate": '"Seoul \\ud800"',
    "NUL": '"a\\u0000b"',
    "exponent": "1e999999999",
    "tiny exponent": "1e-999999999",
    "5,000 digits": "9" * 5_000,
    "too many items": json.dumps(["t"] * (MAX_ITEMS + 1)),
    "nested 50 deep": "[" * 50 + "]" * 50,
}
# Raw JSON text that an amount or rate refuses (a text field may take it).
AS_A_NUMBER = {
    "underscore": '"1_000"',
    "spaces": '" 25 "',
    "arabic-indic digits": '"\u0662\u0665"',
    "plus sign": '"+5"',
    "exponent string": '"2.5e1"',
    "exponent number": "2.5e1",
    "NaN": '"NaN"',
    "Infinity": '"Infinity"',
    "empty": '""',
    "hex": '"0x19"',
    "41 digits": "1" * 41,
    "41 digits as text": '"' + "1" * 41 + '"',
    "trailing point": '"25."',
}
NUMBER_FIELDS = {"rate_pct", "rate_min_pct", "rate_max_pct", "value", "change_pct"}


def paths(value: Any, prefix: Path = ()) -> Iterator[Path]:
    """Every place in an example: each key and list item, containers and leaves."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*prefix, key)
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*prefix, index)
            yield from paths(item, (*prefix, index))


def label(path: Path) -> str:
    """How errors name a place: `ours[0].name`, `changes.until`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def with_hole(event: dict[str, Any], path: Path) -> dict[str, Any]:
    copy: dict[str, Any] = json.loads(json.dumps(event))
    target: Any = copy
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = HOLE
    return copy


def line_with(event: dict[str, Any], path: Path, raw: str) -> str:
    return json.dumps(with_hole(event, path)).replace(json.dumps(HOLE), raw)


def cases() -> Iterator[tuple[str, str, str]]:
    """(id, line, field) for every type, every place, every hostile value that fits it."""
    for type_name, event in EXAMPLES.items():
        for path in paths(event):
            hostile = dict(ANYWHERE)
            if path[-1] in NUMBER_FIELDS:
                hostile |= AS_A_NUMBER
            for name, raw in hostile.items():
                yield f"{type_name}:{label(path)}:{name}", line_with(event, path, raw), label(path)


CASES = list(cases())
TARGETS = [EXAMPLES["tariff.paused"], EXAMPLES["note"]]  # what the corrections point at


@pytest.fixture(scope="module", params=BACKENDS)
def target_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Tracker]:
    """A store holding what the corrections point at, once per backend for the module."""
    import tracker

    folder = tmp_path_factory.mktemp("hostile")
    with fresh_store_url(request.param, folder) as url, tracker.open(url) as opened:
        opened.append(TARGETS)
        yield opened


def refusal(t: Tracker, text: str) -> str:
    """The one-line error importing `text` gives; the store must be left as it was."""
    with pytest.raises(InvalidEvent) as caught:
        t.import_text(text, "hostile.jsonl")
    assert t.store.count() == len(TARGETS)
    message = str(caught.value)
    assert "\n" not in message
    assert len(message) < 600, message[:1000]
    return message


def test_there_is_a_case_for_every_type_and_many_fields() -> None:
    assert {case.split(":")[0] for case, _, _ in CASES} == set(EXAMPLES)
    assert len(CASES) > 1_500


@pytest.mark.parametrize("chunk", range(8))
def test_every_hostile_value_is_refused_naming_the_field(target_store: Tracker, chunk: int) -> None:
    for case, line, field in CASES[chunk::8]:
        message = refusal(target_store, line)
        assert message.startswith("hostile.jsonl:1"), (case, message)
        if "nested too deeply" not in message:
            assert f": {field}" in message, (case, message)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (json.dumps("x" * 5_000_000), "(5,000,000 characters)"),
        ("9" * 5_000, "at most 40 digits"),
        ("1e999999999", "without an exponent, got 1e999999999"),
        ('"' + "1" * 29 + '"', None),  # 29 significant digits: kept, not rounded
    ],
)
def test_big_values_are_quoted_by_a_short_prefix_only(
    target_store: Tracker, raw: str, shown: str | None
) -> None:
    line = line_with(EXAMPLES["figure.reported"], ("value",), raw)
    if shown is None:
        report = target_store.import_text(line, dry_run=True)
        assert report.appended == (EXAMPLES["figure.reported"]["id"],)
        return
    assert shown in refusal(target_store, line)


def test_a_line_nested_ten_thousand_deep_is_bad_json(target_store: Tracker) -> None:
    line = line_with(EXAMPLES["note"], ("body",), "[" * 10_000 + "]" * 10_000)
    assert refusal(target_store, line).endswith("not valid JSON: nested too deeply")


def test_unknown_keys_are_quoted_short(target_store: Tracker) -> None:
    event = dict(EXAMPLES["note"]) | {"k" * 5_000_000: 1, "\ud800": 2}
    message = refusal(target_store, json.dumps(event))
    assert "unknown keys" in message


MUTATIONS = ("delete", "insert", "replace", "duplicate", "truncate")
NASTY = ['"', "\\", "{", "}", "[", "]", ",", ":", "\x00", "\ud800", "e9", "-", "0", "\u2028", "é"]


def mutate(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 3)):
        if not text:
            break
        at = rng.randrange(len(text))
        kind = rng.choice(MUTATIONS)
        if kind == "delete":
            text = text[:at] + text[at + 1 :]
        elif kind == "insert":
            text = text[:at] + rng.choice(NASTY) + text[at:]
        elif kind == "replace":
            text = text[:at] + rng.choice(NASTY) + text[at + 1 :]
        elif kind == "duplicate":
            text = text[:at] + text[at : at + 20] * rng.randint(2, 50) + text[at:]
        else:
            text = text[:at]
    return text


def test_randomly_damaged_lines_are_stored_or_refused_in_one_line(
    target_store: Tracker,
) -> None:
    rng = random.Random(20260311)
    lines = [json.dumps(event, ensure_ascii=rng.random() < 0.5) for event in EXAMPLES.values()]
    refused = 0
    for _ in range(3_000):
        text = mutate(rng.choice(lines), rng)
        try:
            target_store.import_text(text, "damaged.jsonl", dry_run=True)
        except TrackerError as error:  # invalid, or a stored id with other content
            assert error.exit_code == ExitCode.BAD_INPUT
            refused += 1
            message = str(error)
            assert "\n" not in message and len(message) < 600, (text, message)
            assert message.startswith("damaged.jsonl"), (text, message)
    assert target_store.store.count() == len(TARGETS)
    assert refused > 1_000  # most damage is caught; what is left is still a valid event


def test_a_cancellation_names_its_scheduling_by_a_valid_id(target_store: Tracker) -> None:
    long = json.dumps("2025-07-22-x" * 20)  # 240 characters: no stored id is that long
    line = line_with(EXAMPLES["meeting.cancelled"], ("scheduled",), long)
    assert ": scheduled: must be 1-200 characters" in refusal(target_store, line)
