"""Pure text formatting shared by every view: safe text, tables, amounts, JSON.

Nothing here prints; views call these and write the result themselves.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from tracker.codec import format_decimal

# C0 controls, DEL and C1 controls: never sent raw to a terminal.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029]")


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


def fit_to(width: int | None, column: int) -> tuple[int, int] | None:
    """The `fit` of `table` for a terminal `width` (None: a pipe, so nothing is cut)."""
    return None if width is None else (width, column)


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    right: Sequence[int] = (),
    fit: tuple[int, int] | None = None,
) -> str:
    """A plain aligned table; columns whose index is in `right` are right-aligned.

    `fit=(width, column)` shrinks that one column (a title, say) so lines fit a
    terminal `width` wide; without it nothing is cut, which is right for pipes.
    """
    cells = [[printable(h) for h in headers]] + [[printable(c) for c in row] for row in rows]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(headers))]
    if fit is not None:
        width, column = fit
        room = width - (sum(widths) - widths[column]) - 2 * (len(widths) - 1)
        if room < widths[column]:
            widths[column] = max(room, display_width(cells[0][column]), 12)
            for row in cells:
                row[column] = truncate(row[column], widths[column])
    lines = []
    for number, row in enumerate(cells):
        padded = [_pad(cell, widths[i], i in right) for i, cell in enumerate(row)]
        lines.append("  ".join(padded).rstrip())
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_pct(value: Decimal | None) -> str:
    """`25 %`, `12.5 %`; empty when absent."""
    if value is None:
        return ""
    return f"{format_decimal(value)} %"


_CURRENCY_SIGNS = {"USD": "$", "KRW": "₩", "EUR": "€", "JPY": "¥"}
_SCALES = ((Decimal(10) ** 12, "tn"), (Decimal(10) ** 9, "bn"), (Decimal(10) ** 6, "m"))


def format_amount(value: Decimal | None, unit: str) -> str:
    """`$72.0bn`, `₩10.0tn`, `5 %`, `4,100,000 units`: how a reader quotes a figure."""
    if value is None:
        return ""
    if unit == "pct":
        return format_pct(value)
    sign = _CURRENCY_SIGNS.get(unit)
    if sign is None and unit.isupper() and len(unit) == 3:
        sign = f"{unit} "
    if sign is None:
        return f"{value:,.0f} {unit}" if value == value.to_integral_value() else f"{value} {unit}"
    minus = "-" if value < 0 else ""
    magnitude = abs(value)
    for scale, suffix in _SCALES:
        if magnitude >= scale:
            return f"{minus}{sign}{magnitude / scale:,.1f}{suffix}"
    return f"{minus}{sign}{magnitude:,}"


def format_date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def json_default(value: object) -> Any:
    """JSON for the types results carry: decimals as exact strings, ISO dates."""
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def to_json(obj: object, indent: int | None = 2) -> str:
    """JSON text that is safe on a terminal: C1 controls and DEL escaped too."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent, default=json_default)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
