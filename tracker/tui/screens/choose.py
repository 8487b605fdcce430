"""Pick from a list: one choice (a country) or several (event types to show)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, SelectionList, Static
from textual.widgets.option_list import Option


class ChooseScreen(ModalScreen[str | None]):
    """One of `choices` as (value, label); Enter picks, Escape keeps what was."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, choices: Sequence[tuple[str, str]], current: str) -> None:
        super().__init__(classes="prompt")
        self.question = question
        self.choices = choices
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt-box"):
            yield Static(self.question, classes="prompt-question", markup=False)
            options = [Option(label, id=value) for value, label in self.choices]
            yield OptionList(*options, markup=False)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        values = [value for value, _ in self.choices]
        if self.current in values:
            options.highlighted = values.index(self.current)

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TypesScreen(ModalScreen[tuple[str, ...] | None]):
    """The event types to show; none ticked means every type. Space ticks, Enter applies."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "apply", "Apply", priority=True),
    ]

    def __init__(self, types: Sequence[str], chosen: Sequence[str]) -> None:
        super().__init__(classes="prompt")
        self.types = types
        self.chosen = set(chosen)

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt-box"):
            yield Static(
                "Show only these types (space ticks, Enter applies; none ticked shows all)",
                classes="prompt-question",
                markup=False,
            )
            yield SelectionList[str](*[(name, name, name in self.chosen) for name in self.types])

    def action_apply(self) -> None:
        self.dismiss(tuple(self.query_one(SelectionList).selected))

    def action_cancel(self) -> None:
        self.dismiss(None)
