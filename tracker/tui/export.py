"""A view's rows as CSV or Markdown, with a sources column citing the events behind each row.

Pure: the view's columns (the CLI's) and rows in, the file's text out. CSV is
what `tracker ... --csv --sources` writes: values as data (plain numbers, codes,
ISO dates, with their unit and event ids), the citations joined by ` | `.
Markdown holds the table's cells, in full precision, `|` escaped and nothing
able to break a row.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal, TypeVar

from tracker.citations import Cited, Footnotes, cited_columns
from tracker.render import Column, delimited, printable

R = TypeVar("R")
Format = Literal["csv", "md"]
FORMATS: dict[str, Format] = {".csv": "csv", ".md": "md", ".markdown": "md"}


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


def download_problem(text: str) -> str | None:
    """Why a name cannot be a download to the browser (None if it can): a name, no folder."""
    if format_of(Path(text)) is None:
        return "end the name in .csv or .md (Markdown)"
    if Path(text).name != text:
        return "a file name only: your browser chooses the folder"
    return None


MIME_TYPES: dict[Format, str] = {"csv": "text/csv", "md": "text/markdown"}


def export_text(
    fmt: Format,
    columns: Sequence[Column[R]],
    rows: Sequence[R],
    citations: Sequence[Sequence[str]],
) -> str:
    """The rows under `columns`, then `sources`: each row's distinct citations."""
    cited = [Cited(row, tuple(cites)) for row, cites in zip(rows, citations, strict=True)]
    with_sources = cited_columns(columns, Footnotes([item.citations for item in cited]))
    if fmt == "csv":
        return delimited(with_sources, cited, ",")
    shown = [column for column in with_sources if column.only != "data"]
    lines = [_md_row([column.header for column in shown])]
    lines.append("|" + "|".join("---" for _ in shown) + "|")
    lines += [_md_row([(c.exact or c.cell)(item) for c in shown]) for item in cited]
    return "\n".join(lines) + "\n"


def _md_row(cells: Sequence[str]) -> str:
    escaped = (printable(cell).replace("\\", "\\\\").replace("|", "\\|") or " " for cell in cells)
    return "| " + " | ".join(escaped) + " |"
