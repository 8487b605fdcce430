"""What every view shares: reading its rows for the cursor in a thread worker, only when shown.

The app hands each view the cursor (attributes down). The view on screen reads
at once, in one exclusive worker group of its own; a hidden one only notes that
it is stale and reads when it is shown. Every answer carries the request it
answers (the cursor and the view's options) and an answer to an older request is
dropped, so a slow read for a date the user has already left never lands.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import Any, Protocol

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from tracker.api import Tracker
from tracker.render import Column, one_line
from tracker.tui.clock import Cursor, known_on_label
from tracker.tui.messages import ReadFailed, RowsLoaded

Subject = tuple[str, Sequence[tuple[str, str]], Sequence[str]]
# what an export writes: the columns (the CLI's), the rows, and each row's citations
Exported = tuple[Sequence[Column[Any]], Sequence[Any], Sequence[Sequence[str]]]


class ViewFactory(Protocol):
    def __call__(self, tracker: Tracker, cursor: Cursor) -> View: ...


class View(Vertical):
    """A tab's content. Subclasses give `request`, `read` (in a thread) and `show`."""

    def __init__(self, tracker: Tracker, cursor: Cursor, *, id: str) -> None:  # noqa: A002
        super().__init__(id=id)
        self.tracker = tracker
        self.cursor = cursor
        self.active = False
        self.stale = True
        self.busy = False
        self.wanted: Hashable | None = None  # the request being read
        self.shown: Hashable | None = None  # the request on screen

    def compose(self) -> ComposeResult:
        yield Static("", classes="notice", markup=False)
        yield from self.compose_view()

    def compose_view(self) -> ComposeResult:
        yield from ()

    # -- attributes down -----------------------------------------------------

    def follow(self, cursor: Cursor) -> None:
        """The app's cursor moved: read now if on screen, else later."""
        self.cursor = cursor
        if self.active:
            self.reload()
        else:
            self.stale = True

    def activate(self, active: bool) -> None:
        self.active = active
        request = self.request()
        if active and (self.stale or request not in (self.shown, self.wanted)):
            self.reload()

    @property
    def settled(self) -> bool:
        """Nothing asked of the store is still to come (what tests and benchmarks wait for)."""
        return not self.busy

    def forget(self) -> None:
        """Drop what was kept from earlier reads (`r`: the store may have changed)."""

    # -- reading -------------------------------------------------------------

    def request(self) -> Hashable:
        """What the rows on screen depend on: the cursor and the view's own options."""
        return self.cursor

    def read(self, request: Any) -> Iterator[Any]:
        """Runs in a thread: yield results for `show`, a first answer as early as it exists."""
        raise NotImplementedError

    def show(self, request: Any, result: Any) -> None:
        raise NotImplementedError

    def reload(self) -> None:
        self.stale = False
        request = self.request()
        self.wanted = request
        self.busy = True
        self.run_worker(
            lambda: self._read(request),
            thread=True,
            exclusive=True,
            group=f"read-{self.id}",
            exit_on_error=False,
        )

    def _read(self, request: Hashable) -> None:
        try:
            for result in self.read(request):
                self.post_message(RowsLoaded(request, result))
        except Exception as error:  # any failure of the store is shown, never a traceback
            self.post_message(ReadFailed(request, one_line(str(error)) or type(error).__name__))

    @on(RowsLoaded)
    def _loaded(self, message: RowsLoaded) -> None:
        message.stop()
        if message.request != self.wanted:
            return  # an answer to a question nobody asks any more
        self.busy = False
        self.notice("")
        self.show(message.request, message.result)
        self.shown = message.request

    @on(ReadFailed)
    def _failed(self, message: ReadFailed) -> None:
        message.stop()
        if message.request != self.wanted:
            return
        self.busy = False
        self.notice(f"Cannot read the store: {message.error}", error=True)

    # -- copy and export -----------------------------------------------------

    def copy_subject(self) -> Subject | None:
        """The selected row as (title, shown cells, the ids of the events behind it)."""
        return None

    def export_job(self) -> Callable[[], Exported] | None:
        """A job for a thread: the view's rows as text, with each row's citations."""
        return None

    # -- what to say instead of rows -----------------------------------------

    def notice(self, text: str, *, error: bool = False) -> None:
        notice = self.query_one(".notice", Static)
        notice.update(text)
        notice.set_class(bool(text), "-shown")
        notice.set_class(error, "-error")

    def why_empty(self, cursor: Cursor, what: str) -> str:
        """Runs in the thread: why there are no rows (an empty store, a date before the first
        event, or just none), read with the rows so it can never disagree with them."""
        span = self.tracker.event_dates(cursor.known_on)
        as_of = cursor.as_of.isoformat()
        if span is None and cursor.known_on is not None:
            return f"No {what}: nothing was recorded by {known_on_label(cursor.known_on)}."
        if span is None:
            return (
                f"No {what}: the store holds no events yet "
                "(`tracker seed` loads the curated timeline)."
            )
        first = span[0]
        if cursor.as_of < first:
            return (
                f"No {what} as of {as_of}: the first event in this store is on "
                f"{first.isoformat()}. Press ] to go there."
            )
        return f"No {what} as of {as_of}."
