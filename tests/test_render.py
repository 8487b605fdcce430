"""Tables fit a terminal by letting the least important columns give way; CSV/TSV cut nothing."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from attrs import frozen

from tracker.render import Column, delimited, format_amount, table


@frozen
class Row:
    date: str
    kind: str
    ident: str
    title: str
    note: str = ""


COLUMNS: tuple[Column[Row], ...] = (
    Column("date", lambda r: r.date),
    Column("type", lambda r: r.kind, give_way=2),
    Column("note", lambda r: r.note, give_way=3),
    Column("id", lambda r: r.ident, give_way=0),
    Column("title", lambda r: r.title, give_way=1, shrink_to=24),
)
ROWS = [
    Row("2026-01-13", "meeting.held", "2026-01-13-yeo-greer-washington", "Yeo meets Greer " * 4),
    Row("2026-01-14", "note", "2026-01-14-note", "A short one"),
]


def widths(text: str) -> list[int]:
    return [len(line) for line in text.splitlines()]


def test_a_pipe_gets_everything_and_no_trailing_spaces() -> None:
    laid_out = table(COLUMNS, ROWS)
    assert laid_out.hidden == ()
    assert ROWS[0].title.strip() in laid_out.text and ROWS[0].ident in laid_out.text
    assert all(line == line.rstrip() for line in laid_out.text.splitlines())
    # the last column holds the long text: no line is padded past its own content
    assert widths(laid_out.text)[3] < widths(laid_out.text)[2]


def test_ids_give_way_before_titles_are_cut() -> None:
    natural = max(widths(table(COLUMNS, ROWS).text))
    room = natural - len(ROWS[0].ident) - 2  # exactly what leaving out the id frees
    laid_out = table(COLUMNS, ROWS, width=room)
    assert laid_out.hidden == ("id",)
    assert ROWS[0].title.strip() in laid_out.text and "…" not in laid_out.text


def test_titles_are_cut_only_once_nothing_else_can_give_way() -> None:
    laid_out = table(COLUMNS, ROWS, width=60)
    header = laid_out.text.splitlines()[0].split()
    assert header == ["date", "type", "title"]  # the empty note column went first, then the id
    assert "…" in laid_out.text
    assert max(widths(laid_out.text)) == 60


def test_an_empty_column_gives_way_first_and_is_not_reported_hidden() -> None:
    laid_out = table(COLUMNS, ROWS, width=90)
    assert "note" not in laid_out.text.splitlines()[0]
    assert "note" not in laid_out.hidden


def test_a_column_goes_brief_before_the_next_one_is_left_out() -> None:
    columns: tuple[Column[Row], ...] = (
        Column("key", lambda r: r.ident),
        Column("since", lambda r: r.date, give_way=2),
        Column("threat", lambda r: r.title, give_way=1, brief=lambda r: r.kind),
    )
    rows = [Row("2025-01-25", "10-20 %", "baseline", "10-20 % (2025-01-25)")]
    laid_out = table(columns, rows, width=30)
    assert laid_out.text.splitlines()[2].split() == ["baseline", "2025-01-25", "10-20", "%"]
    narrower = table(columns, rows, width=20)
    assert narrower.hidden == ("since",)
    assert "10-20 %" in narrower.text and "(2025" not in narrower.text


@pytest.mark.parametrize("width", [8, 20, 33, 47, 80, 101, 120, 200])
def test_no_line_is_ever_wider_than_the_terminal(width: int) -> None:
    assert max(widths(table(COLUMNS, ROWS, width=width).text)) <= width


def test_wide_characters_count_double() -> None:
    rows = [Row("2026-01-13", "note", "n", "한국 무역 " * 10)]
    text = table(COLUMNS, rows, width=50).text
    from tracker.render import display_width

    assert max(display_width(line) for line in text.splitlines()) <= 50


def test_csv_and_tsv_carry_every_column_in_full() -> None:
    columns = (
        *COLUMNS,
        Column("amount", lambda r: "$72.0bn", lambda r: "$72,040,000,000", right=True),
    )
    text = delimited(columns, ROWS, ",")
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0] == ["date", "type", "note", "id", "title", "amount"]
    assert parsed[1][4] == ROWS[0].title and parsed[1][3] == ROWS[0].ident
    assert parsed[1][5] == "$72,040,000,000"
    assert "\r" not in text
    tsv = list(csv.reader(io.StringIO(delimited(columns, ROWS, "\t")), dialect="excel-tab"))
    assert tsv == parsed


def test_csv_quotes_what_needs_it_and_escapes_control_characters() -> None:
    rows = [Row("2026-01-13", "note", "n1", 'Said "no", then\x1b[2Jleft')]
    [_, cells] = list(csv.reader(io.StringIO(delimited(COLUMNS, rows, ","))))
    assert cells[4] == 'Said "no", then\\x1b[2Jleft'


def test_exact_amounts_keep_every_digit() -> None:
    assert format_amount(Decimal("72040000000"), "USD") == "$72.0bn"
    assert format_amount(Decimal("72040000000"), "USD", exact=True) == "$72,040,000,000"
    assert format_amount(Decimal("-16.2E9"), "USD", exact=True) == "-$16,200,000,000"
    assert format_amount(Decimal("4.5E+3"), "units") == "4,500 units"
    assert format_amount(Decimal("12.5"), "KRW", exact=True) == "₩12.5"
