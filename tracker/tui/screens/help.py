"""`?`: every key, and how to answer the four questions the tracker exists for."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Moving in time (every view follows)",
        (
            ("[  ]", "previous / next date on which an event happened"),
            ("{  }", "a month back / on"),
            ("a  g", "type an as-of date"),
            ("k  K", "type a known-on moment / back to now"),
            ("t  T", "today / the latest event's date"),
            ("space", "play forward an event date every half second; again to stop"),
        ),
    ),
    (
        "Views",
        (
            ("1 … 6", "timeline, tariffs, meetings, targets, records, diff"),
            ("enter", "the evidence behind a row: fields, sources, quotes, corrections"),
            ("escape", "back to exactly where you were"),
            ("y", "copy the row with its citation (also shown on screen)"),
            ("e", "export the view as CSV or Markdown, with a sources column"),
            ("ctrl+p", "palette: every view and action; jump to a counterpart, line or date"),
            ("r", "read the store again (after someone appended)"),
            ("? / q", "these keys / quit"),
        ),
    ),
    (
        "In a view",
        (
            ("f", "timeline: show only some event types"),
            ("/  n  N", "timeline: search title, body, people, quote; next / previous"),
            ("=", "timeline: move the as-of date to the selected event's date"),
            ("c", "tariffs: one country (its own line once begun, else the * line)"),
            ("d", "diff: the date to compare the as-of date with"),
        ),
    ),
)

QUESTIONS = (
    (
        "What was the tariff on Korean cars on 5 April 2025?",
        "a 2025-04-05, 2 (tariffs), c KR; the autos-232 row. enter shows its sources.",
    ),
    (
        "How often has our minister met the USTR, and when last?",
        "3 (meetings): Jamieson Greer's count and last date; the meetings below.",
    ),
    ("Did we hit the export target?", "4 (targets): status, gap and the bar of how far it got."),
    (
        "What changed between the 2+2 talks and the deal?",
        "a 2025-08-07, 6 (diff), d 2025-04-24. Or step with ] and watch the marks.",
    ),
)


def _grid() -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True, min_width=8)
    grid.add_column()
    return grid


def keys_help() -> Group:
    """The keys by purpose, then the four questions and the keys that answer each."""
    parts: list[Text | Table] = []
    for heading, keys in KEYS:
        grid = _grid()
        for key, what in keys:
            grid.add_row(key, what)
        parts += [Text(heading, style="bold underline"), grid, Text("")]
    parts.append(Text("Four questions, answered in the app", style="bold underline"))
    for question, how in QUESTIONS:
        parts += [Text(question, style="italic"), Text(f"  {how}")]
    return Group(*parts)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="help-box"):
            yield Static("Keys", classes="prompt-question")
            yield Static(keys_help())

    def action_close(self) -> None:
        self.dismiss(None)
