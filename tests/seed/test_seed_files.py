"""The curated timeline in `events/*.jsonl` is well-formed and decodes through the real codec.

These files seed every new default store, so a bad line would break the first run of
the tool for every user. Each check names the event (or file:line) at fault.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tracker.codec import decode_event
from tracker.errors import InvalidEvent

REPO = Path(__file__).resolve().parents[2]
EVENTS_DIR = REPO / "events"
EVENT_FILES = sorted(EVENTS_DIR.glob("*.jsonl"))
FIRST_DAY = dt.date(2024, 6, 1)
LAST_DAY = dt.date(2026, 6, 30)  # the latest month the stored sources cover
MIN_EVENTS = 100
ID_PATTERN = re.compile(r"(\d{4}-\d{2}-\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*")


def read_lines() -> list[tuple[str, str]]:
    """(`file:line`, text) for every non-blank line of every seed file."""
    lines: list[tuple[str, str]] = []
    for path in EVENT_FILES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                lines.append((f"{path.name}:{number}", line))
    return lines


def load_events() -> list[tuple[str, dict[str, Any]]]:
    """(label, event) for every line that parses to an object; the label is the id if any."""
    events: list[tuple[str, dict[str, Any]]] = []
    for where, line in LINES:
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(obj, dict):
            label = obj.get("id") if isinstance(obj.get("id"), str) else where
            events.append((str(label), obj))
    return events


LINES = read_lines()
EVENTS = load_events()
LABELS = [label for label, _ in EVENTS]


def test_seed_files_exist() -> None:
    assert EVENT_FILES, f"no *.jsonl files in {EVENTS_DIR}"


def test_every_line_is_a_json_object() -> None:
    bad: list[str] = []
    for where, line in LINES:
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as error:
            bad.append(f"{where}: not valid JSON: {error.msg}")
            continue
        if not isinstance(obj, dict):
            bad.append(f"{where}: a line must hold one JSON object, got {type(obj).__name__}")
    assert not bad, "\n".join(bad)


def test_at_least_100_events() -> None:
    assert len(EVENTS) >= MIN_EVENTS, f"{len(EVENTS)} events; the seed needs at least {MIN_EVENTS}"


def test_ids_are_present_and_unique_across_files() -> None:
    missing = [label for label, event in EVENTS if not isinstance(event.get("id"), str)]
    assert not missing, f"events without an id: {missing}"
    counts = Counter(event["id"] for _, event in EVENTS)
    duplicates = sorted(event_id for event_id, count in counts.items() if count > 1)
    assert not duplicates, f"ids used more than once: {duplicates}"


@pytest.mark.parametrize(("label", "event"), EVENTS, ids=LABELS)
def test_id_is_readable_and_starts_with_the_date(label: str, event: dict[str, Any]) -> None:
    match = ID_PATTERN.fullmatch(str(event.get("id")))
    assert match, f"event {label}: id should look like YYYY-MM-DD-short-slug"
    assert match.group(1) == event.get("date"), f"event {label}: id does not start with its date"


@pytest.mark.parametrize(("label", "event"), EVENTS, ids=LABELS)
def test_source_has_publisher_title_and_published(label: str, event: dict[str, Any]) -> None:
    source = event.get("source")
    assert isinstance(source, dict), f"event {label}: no source"
    for key in ("publisher", "title", "published"):
        value = source.get(key)
        assert isinstance(value, str) and value.strip(), f"event {label}: source.{key} missing"
    dt.date.fromisoformat(source["published"])


@pytest.mark.parametrize(("label", "event"), EVENTS, ids=LABELS)
def test_source_is_not_published_before_the_event(label: str, event: dict[str, Any]) -> None:
    """Seeding records an event as of its publication: a source cannot predate its fact."""
    published = dt.date.fromisoformat(str(event.get("source", {}).get("published")))
    assert published >= dt.date.fromisoformat(str(event.get("date"))), (
        f"event {label}: source.published {published} is before the event's date"
    )


@pytest.mark.parametrize(("label", "event"), EVENTS, ids=LABELS)
def test_date_is_within_the_seed_span(label: str, event: dict[str, Any]) -> None:
    date = dt.date.fromisoformat(str(event.get("date")))
    assert FIRST_DAY <= date <= LAST_DAY, (
        f"event {label}: date {date} outside {FIRST_DAY}..{LAST_DAY}"
    )


@pytest.mark.parametrize(("label", "event"), EVENTS, ids=LABELS)
def test_event_decodes_through_the_codec(label: str, event: dict[str, Any]) -> None:
    try:
        decode_event(event, label)
    except InvalidEvent as error:
        pytest.fail(str(error))


def test_cancellations_point_at_a_scheduled_meeting() -> None:
    scheduled = {event["id"] for _, event in EVENTS if event.get("type") == "meeting.scheduled"}
    dangling = [
        f"{label} -> {event['scheduled']}"
        for label, event in EVENTS
        if event.get("type") == "meeting.cancelled"
        and "scheduled" in event
        and event["scheduled"] not in scheduled
    ]
    assert not dangling, f"meeting.cancelled naming no meeting.scheduled: {dangling}"
