"""A view's rows as CSV or Markdown, with a sources column citing the events behind each row.

Pure: rows of text in, the file's text out. Cells are exactly what the view shows
(control characters escaped); Markdown escapes `|` and folds line breaks so a
cell cannot break its table.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from tracker.render import printable

Format = Literal["csv", "md"]
FORMATS: dict[str, Format] = {".csv": "csv", ".md": "md", ".markdown": "md"}
JOIN = " | "  # between the citations in one sources cell (a URL never holds a space)


def format_of(path: Path) -> Format | None:
    return FORMATS.get(path.suffix.lower())


def export_problem(text: str) -> str | None:
    """Why a path cannot take an export (None if it can)."""
    path = Path(text).expanduser()
    if format_of(path) is None:
        return "end the name in .csv or .md (Markdown)"
    if not path.parent.is_dir():
        return f"no folder {str(path.parent)!r}"
    if path.is_dir():
        return f"{text!r} is a folder"
    return None


def export_text(
    fmt: Format,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    sources: Sequence[Sequence[str]],
) -> str:
    """The table with a last column, `sources`: each row's distinct citations."""
    table = [[*headers, "sources"]] + [
        [*row, JOIN.join(cited)] for row, cited in zip(rows, sources, strict=True)
    ]
    table = [[printable(cell) for cell in row] for row in table]
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(table)
        return out.getvalue()
    lines = ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in table]
    lines.insert(1, "|" + "|".join("---" for _ in table[0]) + "|")
    return "\n".join(lines) + "\n"


def _md(cell: str) -> str:
    return cell.replace("\\", "\\\\").replace("|", "\\|") or " "
