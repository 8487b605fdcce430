"""The effective log: system time, corrections, then valid time, in (date, seq) order."""

from __future__ import annotations

import random

from tracker.log import effective_log
from tracker.model import Event, EventCorrected, Note, Recorded

from .builders import announced, at, correct, d, paused, rec, recorded, retract


def note(eid: str, date: str) -> Note:
    return Note(id=eid, date=d(date), title=f"note {eid}", body="context")


def ids(events: list[Event]) -> list[str | None]:
    return [event.id for event in events]


def test_orders_by_date_then_seq_whatever_the_input_order() -> None:
    records = recorded(note("b", "2025-03-02"), note("a", "2025-03-01"), note("c", "2025-03-02"))
    shuffled = list(records)
    random.Random(4).shuffle(shuffled)
    assert ids(effective_log(shuffled)) == ["a", "b", "c"]
    assert ids(effective_log(reversed(records))) == ["a", "b", "c"]


def test_as_of_keeps_events_dated_on_or_before_it() -> None:
    records = recorded(note("a", "2025-03-01"), note("b", "2025-03-02"), note("c", "2025-03-03"))
    assert ids(effective_log(records, as_of=d("2025-03-01"))) == ["a"]
    assert ids(effective_log(records, as_of=d("2025-03-02"))) == ["a", "b"]
    assert ids(effective_log(records, as_of=d("2025-03-03"))) == ["a", "b", "c"]


def test_known_on_keeps_events_recorded_by_then_inclusive() -> None:
    records = [
        rec(1, "2025-03-01T10:00", note("a", "2025-03-01")),
        rec(2, "2025-03-05T10:00", note("b", "2025-02-01")),  # appended late, dated early
    ]
    assert ids(effective_log(records, known_on=at("2025-03-05T09:59"))) == ["a"]
    assert ids(effective_log(records, known_on=at("2025-03-05T10:00"))) == ["b", "a"]
    assert ids(effective_log(records)) == ["b", "a"]


def test_a_retraction_removes_its_target_and_never_appears() -> None:
    records = recorded(note("a", "2025-03-01"), note("b", "2025-03-02"), retract("2025-03-03", "a"))
    assert ids(effective_log(records)) == ["b"]


def test_a_retraction_counts_only_once_known() -> None:
    records = [
        rec(1, "2025-03-01T10:00", note("a", "2025-03-01")),
        rec(2, "2025-03-04T10:00", retract("2025-03-04", "a", eid="r")),
    ]
    assert ids(effective_log(records, known_on=at("2025-03-04T09:59"))) == ["a"]
    assert ids(effective_log(records, known_on=at("2025-03-04T10:00"))) == []


def test_a_correction_replaces_fields_and_never_appears() -> None:
    target = announced("2025-04-02", "26", eid="annex")
    records = recorded(target, correct("2025-04-03", "annex", {"rate_pct": "25"}, eid="fix"))
    [event] = effective_log(records)
    assert event.id == "annex"
    assert event.rate_pct == 25  # type: ignore[attr-defined]
    assert event.title == target.title


def test_later_corrections_apply_on_top_of_earlier_ones() -> None:
    records = recorded(
        announced("2025-04-02", "26", eid="annex"),
        correct("2025-04-03", "annex", {"rate_pct": "24", "title": "first fix"}),
        correct("2025-04-04", "annex", {"rate_pct": "25"}),
    )
    [event] = effective_log(records)
    assert event.rate_pct == 25  # type: ignore[attr-defined]
    assert event.title == "first fix"


def test_a_correction_known_later_is_not_applied_yet() -> None:
    records = [
        rec(1, "2025-04-02T10:00", announced("2025-04-02", "26", eid="annex")),
        rec(2, "2025-04-03T10:00", correct("2025-04-03", "annex", {"rate_pct": "25"})),
    ]
    [before] = effective_log(records, known_on=at("2025-04-03T09:00"))
    [after] = effective_log(records, known_on=at("2025-04-03T11:00"))
    assert before.rate_pct == 26  # type: ignore[attr-defined]
    assert after.rate_pct == 25  # type: ignore[attr-defined]


def test_date_is_filtered_after_corrections() -> None:
    records = recorded(
        note("moved-out", "2025-03-01"),
        note("moved-in", "2025-03-09"),
        correct("2025-03-10", "moved-out", {"date": "2025-03-09"}),
        correct("2025-03-10", "moved-in", {"date": "2025-03-01"}),
    )
    assert ids(effective_log(records, as_of=d("2025-03-01"))) == ["moved-in"]
    assert ids(effective_log(records, as_of=d("2025-03-09"))) == ["moved-in", "moved-out"]


def test_a_corrected_event_keeps_its_original_seq() -> None:
    records = recorded(
        note("early", "2025-03-01"),
        note("late", "2025-03-05"),
        correct("2025-03-06", "late", {"date": "2025-03-01"}),
    )
    assert ids(effective_log(records)) == ["early", "late"]
    records = recorded(
        note("first", "2025-03-05"),
        note("second", "2025-03-01"),
        correct("2025-03-06", "first", {"date": "2025-03-01"}),
    )
    assert ids(effective_log(records)) == ["first", "second"]


def test_corrections_of_unknown_targets_are_ignored() -> None:
    records = recorded(
        note("a", "2025-03-01"),
        retract("2025-03-02", "nobody"),
        correct("2025-03-02", "nobody", {"title": "x"}),
    )
    assert ids(effective_log(records)) == ["a"]


def test_a_correction_appended_before_its_target_is_ignored() -> None:
    records = recorded(retract("2025-03-02", "a"), note("a", "2025-03-01"))
    assert ids(effective_log(records)) == ["a"]


def test_a_retraction_wins_over_a_later_correction() -> None:
    records = recorded(
        note("a", "2025-03-01"),
        retract("2025-03-02", "a"),
        correct("2025-03-03", "a", {"title": "revived?"}),
    )
    assert effective_log(records) == []


def test_retracting_a_retraction_restores_its_target() -> None:
    records = [
        rec(1, "2025-03-01T10:00", note("a", "2025-03-01")),
        rec(2, "2025-03-02T10:00", retract("2025-03-02", "a", eid="oops")),
        rec(3, "2025-03-03T10:00", retract("2025-03-03", "oops")),
    ]
    assert ids(effective_log(records, known_on=at("2025-03-02T12:00"))) == []
    assert ids(effective_log(records, known_on=at("2025-03-03T12:00"))) == ["a"]


def test_retracting_a_correction_undoes_it() -> None:
    records = recorded(
        note("a", "2025-03-01"),
        correct("2025-03-02", "a", {"title": "wrong fix"}, eid="fix"),
        retract("2025-03-03", "fix"),
    )
    [event] = effective_log(records)
    assert event.title == "note a"


def test_correcting_a_correction_changes_what_it_does() -> None:
    records = recorded(
        announced("2025-04-02", "26", eid="annex"),
        correct("2025-04-03", "annex", {"rate_pct": "52"}, eid="fix"),
        correct("2025-04-04", "fix", {"changes": {"rate_pct": "25"}}),
    )
    [event] = effective_log(records)
    assert event.rate_pct == 25  # type: ignore[attr-defined]


def test_correcting_a_retractions_target_moves_it() -> None:
    records = recorded(
        note("a", "2025-03-01"),
        note("b", "2025-03-01"),
        retract("2025-03-02", "a", eid="r"),
        correct("2025-03-03", "r", {"target": "b"}),
    )
    assert ids(effective_log(records)) == ["a"]


def test_a_correction_that_would_break_the_model_is_skipped() -> None:
    records = recorded(
        paused("2025-04-09", "2025-07-09", "10", eid="pause"),
        correct("2025-04-10", "pause", {"until": "2025-04-01"}),
        correct("2025-04-11", "pause", {"rate_pct": "12"}),
    )
    [event] = effective_log(records)
    assert event.until == d("2025-07-09")  # type: ignore[attr-defined]
    assert event.rate_pct == 12  # type: ignore[attr-defined]


def test_output_holds_no_corrections() -> None:
    records = recorded(
        note("a", "2025-03-01"),
        correct("2025-03-02", "a", {"title": "t"}),
        retract("2025-03-03", "zzz"),
    )
    log = effective_log(records)
    assert not any(isinstance(event, EventCorrected) for event in log)
    assert len(log) == 1


def test_records_are_not_consumed_twice_from_an_iterator() -> None:
    records: list[Recorded] = recorded(note("a", "2025-03-01"), note("b", "2025-03-02"))
    assert ids(effective_log(iter(records))) == ["a", "b"]
