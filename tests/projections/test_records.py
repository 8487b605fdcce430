"""All-time highs per metric, and the record each one beat."""

from __future__ import annotations

from decimal import Decimal

from tracker.model import Event
from tracker.projections import rows_to_json
from tracker.projections.records import Previous, RecordRow, record_rows

from .builders import d, figure

AUTOS = "exports.autos"


def rows(log: list[Event], as_of: str) -> dict[str, RecordRow]:
    return {row.metric: row for row in record_rows(log, d(as_of))}


def test_previous_comes_from_the_event_when_given() -> None:
    log: list[Event] = [
        figure("2026-01-15", "72.0", metric=AUTOS, record=True, previous=("2023", "70.9"), eid="r")
    ]
    got = rows(log, "2026-01-15")[AUTOS]
    assert (got.period, got.value, got.unit, got.date) == (
        "2025",
        Decimal("72.0"),
        "USD",
        d("2026-01-15"),
    )
    assert got.previous == Previous("2023", Decimal("70.9"))
    assert got.event_ids == ("r",)


def test_previous_falls_back_to_the_latest_earlier_record_in_the_log() -> None:
    log: list[Event] = [
        figure("2023-01-10", "54.1", metric=AUTOS, period="2022", record=True, eid="r22"),
        figure("2024-01-10", "70.9", metric=AUTOS, period="2023", record=True, eid="r23"),
        figure("2025-01-10", "70.8", metric=AUTOS, period="2024", eid="no-record"),
        figure("2026-01-15", "72.0", metric=AUTOS, period="2025", record=True, eid="r25"),
    ]
    assert rows(log, "2026-01-14")[AUTOS].period == "2023"
    got = rows(log, "2026-01-15")[AUTOS]
    assert (got.period, got.previous) == ("2025", Previous("2023", Decimal("70.9")))
    assert got.event_ids == ("r25", "r23")


def test_a_first_record_has_no_previous() -> None:
    got = rows([figure("2026-01-15", "72", metric=AUTOS, record=True)], "2026-01-15")
    assert got[AUTOS].previous is None


def test_the_fallback_only_compares_the_same_kind_of_period_and_unit() -> None:
    log: list[Event] = [
        figure("2025-12-01", "264.3", metric="exports.ict", period="2025", record=True),
        figure(
            "2025-12-02", "300", metric="exports.ict", period="2025-11", unit="KRW", record=True
        ),
        figure("2026-01-15", "30.0", metric="exports.ict", period="2025-12", record=True),
    ]
    got = rows(log, "2026-01-15")["exports.ict"]
    assert (got.period, got.previous) == ("2025-12", None)


def test_a_record_re_reported_without_the_flag_no_longer_stands() -> None:
    log: list[Event] = [
        figure("2024-01-10", "70.9", metric=AUTOS, period="2023", record=True),
        figure("2026-01-01", "72.5", metric=AUTOS, period="2025", record=True),
        figure("2026-02-01", "70.0", metric=AUTOS, period="2025"),
    ]
    assert rows(log, "2026-01-31")[AUTOS].period == "2025"
    assert rows(log, "2026-02-01")[AUTOS].period == "2023"


def test_a_final_record_replacing_a_preliminary_one_is_one_record() -> None:
    log: list[Event] = [
        figure("2024-01-10", "70.9", metric=AUTOS, period="2023", record=True),
        figure("2026-01-01", "72.5", metric=AUTOS, period="2025", record=True, preliminary=True),
        figure("2026-02-01", "72.0", metric=AUTOS, period="2025", record=True),
    ]
    got = rows(log, "2026-02-01")[AUTOS]
    assert (got.value, got.previous) == (Decimal("72.0"), Previous("2023", Decimal("70.9")))


def test_one_row_per_metric_sorted() -> None:
    log: list[Event] = [
        figure("2026-01-15", "1", metric="exports.ict", record=True),
        figure("2026-01-15", "2", metric=AUTOS, record=True),
        figure("2026-01-15", "3", metric="exports.total"),
    ]
    assert [row.metric for row in record_rows(log, d("2026-01-15"))] == [AUTOS, "exports.ict"]


def test_records_after_as_of_do_not_count() -> None:
    log: list[Event] = [figure("2026-01-15", "72", metric=AUTOS, record=True)]
    assert record_rows(log, d("2026-01-14")) == []


def test_the_json_keys_are_the_public_contract() -> None:
    log: list[Event] = [
        figure("2026-01-15", "72", metric=AUTOS, record=True, previous=("2023", "1"))
    ]
    [got] = rows_to_json(record_rows(log, d("2026-01-15")))
    assert list(got) == ["metric", "period", "value", "unit", "date", "previous", "event_ids"]
    assert got["previous"] == {"period": "2023", "value": "1"}
