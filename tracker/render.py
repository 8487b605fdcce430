"""Pure text formatting shared by every view: safe text, tables, amounts, JSON.

Nothing here prints; views call these and write the result themselves.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar

from attrs import frozen

from tracker.codec import format_decimal

# C0 controls, DEL and C1 controls: never sent raw to a terminal.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029]")
R = TypeVar("R")


def printable(text: str) -> str:
    """Control characters shown as escapes (`\\x1b`), so stored text cannot drive a terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def one_line(text: str) -> str:
    """A message folded onto one line (driver errors span several), safe to print."""
    return printable(" ".join(text.split()))


def display_width(text: str) -> int:
    """Columns a string takes on a terminal: wide (CJK) characters take two."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - display_width(text))
    return fill + text if right else text + fill


def truncate(text: str, width: int) -> str:
    """Cut text to `width` columns, marking the cut with an ellipsis."""
    if display_width(text) <= width:
        return text
    kept: list[str] = []
    used = 0
    for ch in text:
        used += display_width(ch)
        if used > width - 1:
            break
        kept.append(ch)
    return "".join(kept) + "…"


@frozen
class Column(Generic[R]):
    """One column of a report: its heading, its cell, and how it gives way on a narrow terminal.

    `exact` writes the cell in full precision where `cell` rounds (amounts), for
    reading in full. `data` is the value for CSV/TSV, for a spreadsheet or a script
    to take as it is: a plain number (`20000000000`, `25`), a code (`in_effect`),
    an ISO date, a list joined by ` | ` (default: `exact`, else `cell`). `only`
    keeps a column to one kind of output: `"table"` for a reading that CSV/TSV
    splits into columns of their own (`pending`), `"data"` for what only they
    carry (`unit`, `basis`, `event ids`).

    `give_way` orders what yields when a table is too wide for the terminal, lowest
    first; `None` never yields (the row's key). At its turn a column with a `brief`
    form switches to it (and is left out only once nothing else can yield); one with
    `shrink_to` (free text) is cut, to no less than that width; any other is left out.
    """

    header: str
    cell: Callable[[R], str]
    exact: Callable[[R], str] | None = None
    right: bool = False
    give_way: int | None = None
    shrink_to: int | None = None
    brief: Callable[[R], str] | None = None
    data: Callable[[R], str] | None = None
    only: Literal["table", "data"] | None = None


GAP = 2  # spaces between columns


def _span(widths: Sequence[int | None]) -> int:
    shown = [w for w in widths if w is not None]
    return sum(shown) + GAP * (len(shown) - 1)


@frozen
class Fit:
    """How one column is laid out: its width (None: left out), and whether in brief."""

    width: int | None
    brief: bool = False


def fit_columns(
    columns: Sequence[Column[Any]],
    natural: Sequence[int],
    brief: Sequence[int | None],
    empty: Sequence[bool],
    width: int,
) -> list[Fit]:
    """Lay columns out on a terminal `width` wide, given their natural and brief widths.

    Columns yield in `give_way` order, an empty one (even a key) before any other. A column cut
    early grows back into the room a later one frees, so text is never cut where a
    column could have given way instead.
    """
    widths: list[int | None] = list(natural)
    briefed: list[int] = []
    cut: list[int] = []
    turns = sorted(
        (i for i, column in enumerate(columns) if column.give_way is not None or empty[i]),
        key=lambda i: (not empty[i], columns[i].give_way or 0, -i),
    )
    for i in turns:
        over = _span(widths) - width
        if over <= 0:
            break
        shrink_to, short = columns[i].shrink_to, brief[i]
        current = widths[i]
        assert current is not None
        if empty[i] or (shrink_to is None and short is None):
            widths[i] = None
        elif short is not None:
            widths[i] = short
            briefed.append(i)
        elif shrink_to is not None and current > shrink_to:
            widths[i] = max(shrink_to, current - over)
            cut.append(i)
    for i in briefed:
        if _span(widths) > width:
            widths[i] = None
    for i in reversed(cut):  # the most important first
        current = widths[i]
        assert current is not None
        widths[i] = min(natural[i], current + max(0, width - _span(widths)))
    return [Fit(w, i in briefed) for i, w in enumerate(widths)]


def _widths(cells: Sequence[Sequence[str]], count: int) -> list[int]:
    return [max(display_width(row[i]) for row in cells) for i in range(count)]


@frozen
class Table:
    """A laid-out table, and the headings of the columns left out to fit the terminal."""

    text: str
    hidden: tuple[str, ...] = ()


def table(columns: Sequence[Column[R]], rows: Sequence[R], width: int | None = None) -> Table:
    """A plain aligned table of `rows`, fitted to a terminal `width` wide.

    Without a width (a pipe) nothing is cut or left out. No line ends in spaces,
    and none is longer than `width`: a row is never wrapped by the terminal.
    """
    columns = [column for column in columns if column.only != "data"]
    cells = [[printable(c.header) for c in columns]]
    cells += [[printable(c.cell(row)) for c in columns] for row in rows]
    fits = [Fit(w) for w in _widths(cells, len(columns))]
    empty = [not any(row[i] for row in cells[1:]) for i in range(len(columns))]
    if width is not None:
        short = [[printable((c.brief or c.cell)(row)) for c in columns] for row in rows]
        brief = [
            w if c.brief else None
            for c, w in zip(columns, _widths([cells[0], *short], len(columns)), strict=True)
        ]
        fits = fit_columns(columns, [f.width or 0 for f in fits], brief, empty, width)
        cells = [cells[0]] + [
            [s if fit.brief else c for c, s, fit in zip(row, brief_row, fits, strict=True)]
            for row, brief_row in zip(cells[1:], short, strict=True)
        ]
    shown = [(i, fit.width) for i, fit in enumerate(fits) if fit.width is not None]
    lines = []
    for number, row in enumerate(cells):
        padded = [_pad(truncate(row[i], w), w, columns[i].right) for i, w in shown]
        lines.append("  ".join(padded).rstrip())
        if number == 0:
            lines.append("  ".join("-" * w for _, w in shown))
    if width is not None:
        lines = [truncate(line, width) for line in lines]
    hidden = tuple(
        c.header
        for c, fit, blank in zip(columns, fits, empty, strict=True)
        if fit.width is None and not blank
    )
    return Table("\n".join(lines), hidden)


def delimited(columns: Sequence[Column[R]], rows: Sequence[R], delimiter: str) -> str:
    """CSV (`,`) or TSV (tab) with a header row: every column, every value as data.

    Written by Python's csv module (a cell holding the delimiter, a quote or a
    newline is quoted), each line ending in a bare newline. Control characters
    are escaped as in tables; the exact text is in the JSON.
    """
    columns = [column for column in columns if column.only != "table"]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow([printable(c.header) for c in columns])
    for row in rows:
        writer.writerow([printable((c.data or c.exact or c.cell)(row)) for c in columns])
    return out.getvalue()


def format_pct(value: Decimal | None) -> str:
    """`25 %`, `12.5 %`; empty when absent."""
    if value is None:
        return ""
    return f"{format_decimal(value)} %"


_CURRENCY_SIGNS = {"USD": "$", "KRW": "₩", "EUR": "€", "JPY": "¥"}
_SCALES = ((Decimal(10) ** 12, "tn"), (Decimal(10) ** 9, "bn"), (Decimal(10) ** 6, "m"))


def format_amount(value: Decimal | None, unit: str, exact: bool = False) -> str:
    """`$72.0bn`, `₩10.0tn`, `5 %`, `4,100,000 units`: how a reader quotes a figure.

    `exact` writes every digit (`$72,040,000,000`), for CSV/TSV, where nothing may round.
    """
    if value is None:
        return ""
    if unit == "pct":
        return format_pct(value)
    sign = _CURRENCY_SIGNS.get(unit)
    if sign is None and unit.isupper() and len(unit) == 3:
        sign = f"{unit} "
    if sign is None:
        return f"{_grouped(value)} {unit}"
    minus = "-" if value < 0 else ""
    magnitude = abs(value)
    for scale, suffix in _SCALES:
        if magnitude >= scale and not exact:
            return f"{minus}{sign}{magnitude / scale:,.1f}{suffix}"
    return f"{minus}{sign}{_grouped(magnitude)}"


def _grouped(value: Decimal) -> str:
    """Every digit, thousands grouped, no exponent: `4,100,000`, `12.5`."""
    return format(Decimal(format_decimal(value)), ",f")


def format_date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def format_moment(value: dt.datetime) -> str:
    """A moment of system time exactly as stored, in UTC: `2026-01-14T23:59:59.999999Z`.

    Every digit kept, so a `recorded_at` shown can be given back to `--recorded-since`.
    """
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def json_default(value: object) -> Any:
    """JSON for the types results carry: decimals as exact strings, ISO dates."""
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, dt.datetime):
        return format_moment(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def to_json(obj: object, indent: int | None = 2) -> str:
    """JSON text that is safe on a terminal: C1 controls and DEL escaped too."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent, default=json_default)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
