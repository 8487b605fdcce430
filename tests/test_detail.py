"""`tracker show`: one event as corrected, its source, and its history, as text and JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from tests.projections.builders import correct, held, person, recorded, retract
from tracker.corrections import CorrectionIndex, EventHistory
from tracker.detail import detail_json, detail_text
from tracker.model import Correction, Recorded, Source
from tracker.render import to_json

SOURCE = Source(publisher="MOTIR", title="Minister meets USTR", url="https://example.org/r")
MEETING = held("2026-01-13", [person("Jamieson Greer", "USTR")], eid="m1", source=SOURCE)
RECORDS = recorded(
    MEETING,
    correct("2026-01-20", "m1", {"location": "Washington"}, eid="c1"),
    correct("2026-01-21", "m1", {"location": "Seoul"}, eid="c2"),
    retract("2026-01-22", "c2", eid="r1"),
)


def history(records: Sequence[Recorded] = RECORDS, event_id: str = "m1") -> EventHistory:
    corrections = [r for r in records if isinstance(r.event, Correction)]
    index = CorrectionIndex(corrections, {r.id: r.seq for r in records})
    [record] = [r for r in records if r.id == event_id]
    return index.history(record)


def test_text_shows_the_corrected_event_its_source_and_each_change() -> None:
    text = detail_text(history())
    assert text.splitlines()[4].split() == ["status", "corrected"]
    assert "location" in text and "Washington" in text
    assert "Jamieson Greer (USTR, US)" in text
    assert "source" in text and "https://example.org/r" in text
    lines = text.splitlines()
    history_at = lines.index("history")
    assert "recorded" in lines[history_at + 1] and "seq 1" in lines[history_at + 1]
    assert "c1 corrects it: location = Washington" in lines[history_at + 2]
    assert "c2 corrects it: location = Seoul" in lines[history_at + 3]
    assert "no longer counts" in lines[history_at + 3]
    assert "r1 retracts correction c2" in lines[history_at + 4]


def test_a_retracted_event_shows_as_stored_and_says_so() -> None:
    records = recorded(MEETING, retract("2026-01-20", "m1", eid="r9"))
    text = detail_text(history(records))
    assert "retracted" in text.splitlines()[4]
    assert "r9 retracts it" in text
    as_json = detail_json(history(records))
    assert as_json["status"] == "retracted" and as_json["event"] is None
    assert as_json["recorded"]["id"] == "m1"


def test_json_has_the_effective_event_the_record_and_corrections_that_count() -> None:
    got = json.loads(to_json(detail_json(history())))
    assert got["id"] == "m1" and got["status"] == "corrected"
    assert got["event"]["location"] == "Washington"
    assert got["event"]["source"]["url"] == "https://example.org/r"
    assert "location" not in got["recorded"] and got["recorded"]["seq"] == 1
    assert [(c["id"], c["counts"]) for c in got["corrections"]] == [
        ("c1", True),
        ("c2", False),
        ("r1", True),
    ]


def test_long_values_wrap_under_their_label_at_a_width_and_never_when_piped() -> None:
    long_outcome = "word " * 40
    records = recorded(held("2026-01-13", [person("A B")], eid="m1", outcome=long_outcome))
    wrapped = detail_text(history(records), width=60)
    assert max(len(line) for line in wrapped.splitlines()) <= 60
    outcome_lines = [line for line in wrapped.splitlines() if line.startswith("  outcome")]
    assert len(outcome_lines) == 1
    assert long_outcome.strip() in detail_text(history(records))
