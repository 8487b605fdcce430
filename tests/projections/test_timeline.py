"""The timeline `tracker log` lists: marks, the effective view, search, since, order."""

from __future__ import annotations

from collections.abc import Sequence

from tracker.corrections import CorrectionIndex
from tracker.model import Correction, Recorded
from tracker.timeline import LogEntry, log_entries

from .builders import announced, at, correct, d, held, person, recorded, retract

GREER = person("Jamieson Greer", "USTR")


def index(records: Sequence[Recorded]) -> CorrectionIndex:
    corrections = [r for r in records if isinstance(r.event, Correction)]
    return CorrectionIndex(corrections, {r.id: r.seq for r in records})


RECORDS = recorded(
    held("2025-04-08", [GREER], eid="m1", location="Seoul"),
    held("2025-04-24", [GREER], eid="m2"),
    announced("2025-04-02", "25", eid="t1"),
    correct("2025-04-30", "m1", {"location": "Washington", "date": "2025-04-09"}, eid="c1"),
    retract("2025-05-01", "m2", eid="r1"),
    retract("2025-05-02", "c1", eid="r2"),
)


def listed(entries: list[LogEntry]) -> list[tuple[str, str]]:
    return [(e.record.id, e.status) for e in entries]


def test_every_row_is_marked_and_a_retracted_correction_is_retracted_too() -> None:
    got = listed(log_entries(RECORDS, index(RECORDS)))
    assert got == [
        ("t1", "original"),
        ("m1", "original"),  # its correction c1 was retracted by r2
        ("m2", "retracted"),
        ("c1", "retracted"),
        ("r1", "original"),
        ("r2", "original"),
    ]


def test_marks_are_as_known_on_a_moment() -> None:
    known = [r for r in RECORDS if r.recorded_at <= RECORDS[3].recorded_at]
    got = dict(listed(log_entries(known, index(known))))
    assert got["m1"] == "corrected" and got["m2"] == "original"


def test_the_effective_timeline_hides_corrections_and_retracted_events() -> None:
    known = RECORDS[:4]
    entries = log_entries(known, index(known), effective=True)
    assert listed(entries) == [("t1", "original"), ("m1", "corrected"), ("m2", "original")]
    m1 = entries[1].event
    assert getattr(m1, "location", None) == "Washington" and m1.date == d("2025-04-09")
    # filters see the corrected event: its new date, its new text
    dated = log_entries(known, index(known), effective=True, date_from=d("2025-04-09"))
    assert [e.record.id for e in dated] == ["m1", "m2"]
    found = log_entries(known, index(known), effective=True, search=["washington"])
    assert [e.record.id for e in found] == ["m1"]


def test_every_search_term_must_match_and_ids_match_too() -> None:
    entries = log_entries(RECORDS, index(RECORDS), search=["GREER", "seoul"])
    assert [e.record.id for e in entries] == ["m1"]
    assert [e.record.id for e in log_entries(RECORDS, index(RECORDS), search=["t1"])] == ["t1"]
    assert log_entries(RECORDS, index(RECORDS), search=["greer", "nowhere"]) == []


def test_recorded_since_keeps_what_is_new_and_in_effect_what_was_changed() -> None:
    since = RECORDS[3].recorded_at  # after c1 was recorded
    assert [e.record.id for e in log_entries(RECORDS, index(RECORDS), recorded_since=since)] == [
        "r1",
        "r2",
    ]
    effective = log_entries(RECORDS, index(RECORDS), effective=True, recorded_since=since)
    assert [e.record.id for e in effective] == ["m1"]  # r2 undid c1 after `since`
    assert log_entries(RECORDS, index(RECORDS), recorded_since=at("2030-01-01T00:00")) == []


def test_reverse_then_limit() -> None:
    entries = log_entries(RECORDS, index(RECORDS), reverse=True, limit=2)
    assert [e.record.id for e in entries] == ["r2", "r1"]
    assert [e.record.id for e in log_entries(RECORDS, index(RECORDS), limit=1)] == ["t1"]
    assert log_entries(RECORDS, index(RECORDS), limit=0) == []
