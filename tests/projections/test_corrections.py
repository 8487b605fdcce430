"""What each stored event has become: the index views use to mark and explain corrections."""

from __future__ import annotations

from tracker.corrections import CorrectionIndex
from tracker.log import effective_log
from tracker.model import Correction, Note, Recorded

from .builders import announced, at, correct, d, rec, recorded, retract


def note(eid: str, date: str) -> Note:
    return Note(id=eid, date=d(date), title=f"note {eid}", body="context")


def index_of(records: list[Recorded]) -> CorrectionIndex:
    return CorrectionIndex(
        [r for r in records if isinstance(r.event, Correction)], {r.id: r.seq for r in records}
    )


def by_id(records: list[Recorded]) -> dict[str, Recorded]:
    return {r.id: r for r in records}


def test_an_untouched_event_is_original_with_no_history() -> None:
    records = recorded(note("a", "2025-03-01"), retract("2025-03-02", "b"), note("b", "2025-03-01"))
    history = index_of(records).history(by_id(records)["a"])
    assert history.status == "original"
    assert history.effective == history.record.event
    assert history.corrections == ()


def test_a_corrected_event_shows_its_corrected_text_and_the_correction() -> None:
    records = recorded(
        announced("2025-04-02", "26", eid="annex"),
        correct("2025-04-03", "annex", {"rate_pct": "25"}, eid="fix"),
    )
    history = index_of(records).history(by_id(records)["annex"])
    assert history.status == "corrected"
    assert history.effective is not None
    assert history.effective.rate_pct == 25  # type: ignore[attr-defined]
    assert history.record.event.rate_pct == 26  # type: ignore[attr-defined]
    assert [(e.record.id, e.counts) for e in history.corrections] == [("fix", True)]


def test_a_retracted_event_has_no_effective_form() -> None:
    records = recorded(note("a", "2025-03-01"), retract("2025-03-02", "a", eid="r"))
    index = index_of(records)
    assert index.status(by_id(records)["a"]) == "retracted"
    assert index.effective(by_id(records)["a"]) is None


def test_retracting_a_correction_restores_the_original_and_keeps_both_in_history() -> None:
    records = recorded(
        announced("2025-04-02", "26", eid="annex"),
        correct("2025-04-03", "annex", {"rate_pct": "25"}, eid="fix"),
        retract("2025-04-04", "fix", eid="undo"),
    )
    index = index_of(records)
    history = index.history(by_id(records)["annex"])
    assert history.status == "original"
    assert [(e.record.id, e.counts) for e in history.corrections] == [
        ("fix", False),
        ("undo", True),
    ]
    assert index.status(by_id(records)["fix"]) == "retracted"


def test_a_correction_appended_before_its_target_does_not_count() -> None:
    records = [
        rec(1, "2025-03-01T10:00", retract("2025-03-01", "late", eid="early-retraction")),
        rec(2, "2025-03-02T10:00", note("late", "2025-03-01")),
    ]
    history = index_of(records).history(by_id(records)["late"])
    assert history.status == "original"
    assert [(e.record.id, e.counts) for e in history.corrections] == [("early-retraction", False)]


def test_the_index_agrees_with_the_effective_log() -> None:
    records = recorded(
        note("a", "2025-03-01"),
        note("b", "2025-03-02"),
        announced("2025-04-02", "26", eid="annex"),
        correct("2025-04-03", "annex", {"rate_pct": "25"}, eid="fix"),
        correct("2025-04-03", "b", {"title": "b, retitled"}, eid="fix-b"),
        retract("2025-04-04", "a", eid="r"),
        retract("2025-04-05", "fix-b", eid="undo-b"),
    )
    index = index_of(records)
    from_index = [
        index.effective(r)
        for r in records
        if not isinstance(r.event, Correction) and index.effective(r) is not None
    ]
    assert sorted(from_index, key=lambda e: (e.date, e.id or "")) == sorted(
        effective_log(records), key=lambda e: (e.date, e.id or "")
    )


def test_known_on_is_the_callers_choice_of_records() -> None:
    records = [
        rec(1, "2025-03-01T10:00", note("a", "2025-03-01")),
        rec(2, "2025-03-04T10:00", retract("2025-03-04", "a", eid="r")),
    ]
    known = [r for r in records if r.recorded_at <= at("2025-03-03T00:00")]
    assert index_of(known).status(records[0]) == "original"
    assert index_of(records).status(records[0]) == "retracted"
