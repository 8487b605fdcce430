"""A one-line question at the bottom of the screen: a date, a moment, a search.

The answer is checked as it is submitted; a bad one keeps the prompt open with
the reason under it (the same words the CLI would use), so a typo costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tracker.moments import MomentError, parse_date, parse_moment, resolve_known_on

Check = Callable[[str], str | None]  # the reason an answer is refused, or None


def date_problem(text: str) -> str | None:
    """Why `text` is not a date of the world, in the CLI's words (None if it is one)."""
    try:
        parse_date(text)
    except MomentError as error:
        return str(error)
    return None


def moment_problem(text: str) -> str | None:
    """Why `text` is not a known-on moment (a date or a timestamp, not in the future)."""
    try:
        resolve_known_on(parse_moment(text))
    except MomentError as error:
        return str(error)
    return None


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line; dismiss with the text (Enter) or None (Escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, question: str, value: str = "", *, placeholder: str = "", check: Check | None = None
    ) -> None:
        super().__init__(classes="prompt")
        self.question = question
        self.value = value
        self.placeholder = placeholder
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt-box"):
            yield Static(self.question, classes="prompt-question", markup=False)
            yield Input(self.value, placeholder=self.placeholder, select_on_focus=True)
            yield Static("", classes="prompt-error", markup=False)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        reason = self.check(text) if self.check and text else None
        if reason:
            self.query_one(".prompt-error", Static).update(reason)
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
