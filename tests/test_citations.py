"""`--sources`: citations of the events behind an answer, numbered under a table."""

from __future__ import annotations

import datetime as dt

from tracker.citations import JOIN, Cited, Footnotes, citations, cite, cited_columns, source_json
from tracker.model import Source
from tracker.render import Column, delimited, table

HERALD = Source(
    publisher="The Korea Herald",
    title="Seoul, Washington agree",
    published=dt.date(2025, 7, 31),
    url="https://www.koreaherald.com/article/1",
)
MOTIR = Source(publisher="MOTIR", title="Trade Minister Meets USTR", published=dt.date(2026, 1, 14))


def test_a_citation_is_publisher_date_and_url_or_else_the_title() -> None:
    assert cite("a", HERALD) == (
        "The Korea Herald, 2025-07-31, https://www.koreaherald.com/article/1"
    )
    assert cite("b", MOTIR) == 'MOTIR, 2026-01-14, "Trade Minister Meets USTR"'
    assert cite("c", None) == "event c: no source given"
    assert cite("d", Source()) == "event d: source without publisher, date or URL"


def test_the_same_source_behind_two_events_is_cited_once() -> None:
    sources = {"a": HERALD, "b": MOTIR, "c": HERALD}
    assert citations(["a", "b", "c"], sources) == [cite("a", HERALD), cite("b", MOTIR)]


def test_footnotes_number_by_first_use_and_show_runs_as_ranges() -> None:
    notes = Footnotes([["x", "y"], ["z", "w", "y"], ["v"]])
    assert notes.refs(["x", "y"]) == "1-2"
    assert notes.refs(["z", "w", "y"]) == "2-4"
    assert notes.refs(["v", "x"]) == "1, 5"
    assert notes.lines() == ["[1] x", "[2] y", "[3] z", "[4] w", "[5] v"]


def test_the_sources_column_is_numbers_in_a_table_and_citations_in_csv() -> None:
    rows = [Cited("first", ("A, 2025-01-01, https://a", "B")), Cited("second", ("B",))]
    notes = Footnotes([row.citations for row in rows])
    columns = cited_columns([Column[str]("row", lambda r: r)], notes)
    lines = table(columns, rows).text.splitlines()
    assert lines[0].split() == ["row", "sources"]
    assert lines[2].split() == ["first", "1-2"] and lines[3].split() == ["second", "2"]
    csv_text = delimited(columns, rows, ",")
    assert csv_text.splitlines()[1] == f'first,"A, 2025-01-01, https://a{JOIN}B"'


def test_json_sources_name_the_event_and_its_source_fields() -> None:
    assert source_json("a", HERALD) == {
        "event_id": "a",
        "publisher": "The Korea Herald",
        "title": "Seoul, Washington agree",
        "published": "2025-07-31",
        "url": "https://www.koreaherald.com/article/1",
    }
    assert source_json("z", None) == {
        "event_id": "z",
        "publisher": None,
        "title": None,
        "published": None,
        "url": None,
    }
