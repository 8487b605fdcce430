"""The terminal app: a time cursor every view follows, over the public `Tracker` API.

`make_app(tracker)` is the one factory, used by `tracker` (no arguments, on a
terminal), by `tracker tui`, and by the tests. The app never sees SQL: every
read goes through `Tracker` in a thread worker, so the screen never waits.

How it opens: as of today, as known now -- the same defaults as every CLI query,
so the app and `tracker tariffs` agree without flags. The header says how far
the data reaches ("data through"), so a quiet stretch is never mistaken for news.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import ClassVar

from attrs import evolve
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Footer, TabbedContent, TabPane

from tracker.api import Tracker
from tracker.citations import citations
from tracker.moments import parse_date, parse_moment, resolve_known_on, today
from tracker.render import one_line
from tracker.tui.clock import UNKNOWN, Cursor, DateSteps, shift_months
from tracker.tui.commands import TrackerCommands
from tracker.tui.evidence import citation, summary
from tracker.tui.export import (
    MIME_TYPES,
    download_problem,
    export_problem,
    export_text,
    format_of,
)
from tracker.tui.messages import (
    AsOfChosen,
    CitationReady,
    DatesLoaded,
    EvidenceWanted,
    Exported,
    SpanLoaded,
)
from tracker.tui.screens.evidence import EvidenceScreen
from tracker.tui.screens.help import HelpScreen
from tracker.tui.screens.prompt import PromptScreen, date_problem, moment_problem
from tracker.tui.views.base import View, ViewFactory
from tracker.tui.views.diff import DiffView
from tracker.tui.views.meetings import MeetingsView
from tracker.tui.views.records import RecordsView
from tracker.tui.views.table import TableView
from tracker.tui.views.targets import TargetsView
from tracker.tui.views.tariffs import TariffsView
from tracker.tui.views.timeline import TimelineView
from tracker.tui.widgets.clock_bar import ClockBar

VIEWS: tuple[tuple[str, str, ViewFactory], ...] = (
    ("timeline", "Timeline", TimelineView),
    ("tariffs", "Tariffs", TariffsView),
    ("meetings", "Meetings", MeetingsView),
    ("targets", "Targets", TargetsView),
    ("records", "Records", RecordsView),
    ("diff", "Diff", DiffView),
)
DATES_AROUND = 64  # event dates read ahead on each side of the cursor
PLAY_SECONDS = 0.5
SHORT = 32  # rows: below this the tariff chart shrinks
MAIN_SCREEN_ACTIONS = frozenset(
    {"step", "month", "ask_as_of", "ask_known_on", "known_now", "today", "latest", "play", "view"}
    | {"reload", "copy", "export", "help"}
)


def store_label(url: str) -> str:
    """A SQLite store as its path (the home folder as ~), any other as its URL."""
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        return url
    path = url[len(prefix) :]
    home = str(Path.home())
    return "~" + path[len(home) :] if path.startswith(home + "/") else path


class TrackerApp(App[None]):
    """Scrub through the negotiation: every view follows one (as of, known on) cursor."""

    CSS_PATH = "app.tcss"
    TITLE = "tracker"
    COMMANDS = App.COMMANDS | {TrackerCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "step(-1)", "Prev date", key_display="["),
        Binding("right_square_bracket", "step(1)", "Next date", key_display="]"),
        Binding("left_curly_bracket", "month(-1)", "Month back", show=False, key_display="{"),
        Binding("right_curly_bracket", "month(1)", "Month on", show=False, key_display="}"),
        Binding("a,g", "ask_as_of", "As of"),
        Binding("k", "ask_known_on", "Known on"),
        Binding("K", "known_now", "Known now", show=False),
        Binding("t", "today", "Today", show=False),
        Binding("T", "latest", "Latest", show=False),
        Binding("space", "play", "Play"),
        *(
            Binding(str(number), f"view('{name}')", title, show=False)
            for number, (name, title, _) in enumerate(VIEWS, start=1)
        ),
        Binding("y", "copy", "Copy", show=False),
        Binding("e", "export", "Export", show=False),
        Binding("question_mark", "help", "Keys", key_display="?"),
        Binding("r", "reload", "Reload", show=False),
        Binding("q", "quit", "Quit"),
    ]

    cursor: reactive[Cursor] = reactive(Cursor(dt.date(2000, 1, 1)), init=False)
    playing = reactive(False, init=False)

    def __init__(self, tracker: Tracker, cursor: Cursor) -> None:
        super().__init__()
        self.tracker = tracker
        self.set_reactive(TrackerApp.cursor, cursor)
        self.steps = DateSteps()
        self.span: tuple[dt.date, dt.date] | None = None
        self.pending_step = 0
        self.player: Timer | None = None

    def compose(self) -> ComposeResult:
        yield ClockBar(id="clock")
        with TabbedContent(id="views"):
            for number, (name, title, view) in enumerate(VIEWS, start=1):
                with TabPane(f"{number} {title}", id=f"tab-{name}"):
                    yield view(self.tracker, self.cursor)
        yield Footer()

    def on_mount(self) -> None:
        clock = self.query_one(ClockBar)
        clock.cursor = self.cursor
        clock.store = store_label(self.tracker.url)
        self.load_span(self.cursor)
        self.load_dates(self.cursor)
        self.activate_current()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Time and view keys act on the main screen only, not under a detail or a prompt."""
        return not (action in MAIN_SCREEN_ACTIONS and len(self.screen_stack) > 1)

    def on_resize(self) -> None:
        self.screen_stack[0].set_class(self.size.height < SHORT, "-short")

    # -- the views -----------------------------------------------------------

    @property
    def views(self) -> list[View]:
        return list(self.query(View))

    def current_view(self) -> View:
        active = self.query_one(TabbedContent).active
        return self.query_one(f"#{active.removeprefix('tab-')}", View)

    def activate_current(self) -> None:
        current = self.current_view()
        for view in self.views:
            view.activate(view is current)
        focusable = current.query("TimelineList, DataTable").first()
        focusable.focus()

    @on(TabbedContent.TabActivated)
    def tab_activated(self, event: TabbedContent.TabActivated) -> None:
        event.stop()
        self.activate_current()

    def action_view(self, name: str) -> None:
        self.query_one(TabbedContent).active = f"tab-{name}"

    def view_titles(self) -> list[tuple[str, str]]:
        return [(name, title) for name, title, _ in VIEWS]

    def jump(self, name: str, key: str) -> None:
        """Show a view with the row of this key selected (a counterpart, a tariff line)."""
        self.action_view(name)
        view = self.query_one(f"#{name}", View)
        if isinstance(view, TableView):
            view.select_key(key)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    # -- copy and export -----------------------------------------------------

    def action_copy(self) -> None:
        subject = self.current_view().copy_subject()
        if subject is None:
            self.notify("Select a row to copy.", severity="warning")
            return
        title, cells, ids = subject
        tracker, known_on = self.tracker, self.cursor.known_on

        def cite() -> None:
            cited = citations(ids, tracker.sources(ids, known_on))
            self.post_message(CitationReady(citation(summary(title, cells), cited)))

        self.run_worker(cite, thread=True, group="copy", exclusive=True, exit_on_error=False)

    @on(CitationReady)
    def citation_ready(self, message: CitationReady) -> None:
        """Copied by OSC 52, and shown on screen for terminals that ignore it."""
        self.copy_to_clipboard(message.text)
        self.notify(message.text, title="Copied", timeout=12, markup=False)

    def action_export(self) -> None:
        """To a file here, or (served to a browser, `tracker serve`) a download there."""
        view = self.current_view()
        job = view.export_job()
        if job is None:
            return
        default = f"tracker-{view.id}-{self.cursor.as_of.isoformat()}.csv"
        web = self.is_web

        def answered(text: str | None) -> None:
            if not text:
                return
            path = Path(text).expanduser()
            fmt = format_of(path)
            assert fmt is not None  # the prompt checked it

            def write() -> None:
                try:
                    columns, rows, cited = job()
                    content = export_text(fmt, columns, rows, cited)
                    if web:
                        self.call_from_thread(
                            self.deliver_text,
                            io.StringIO(content),
                            save_filename=path.name,
                            mime_type=MIME_TYPES[fmt],
                        )
                        done = f"Sent {len(rows)} rows to your browser as {path.name}"
                    else:
                        path.write_text(content, encoding="utf-8")
                        done = f"Exported {len(rows)} rows to {path}"
                    self.post_message(Exported(done, False))
                except Exception as error:  # a full disk or a store gone away: say so
                    self.post_message(Exported(f"Export failed: {one_line(str(error))}", True))

            self.run_worker(write, thread=True, group="export", exit_on_error=False)

        where = "download as" if web else "export to"
        question = f"The {view.id} view with sources: {where} (.csv, or .md for Markdown)"
        check = download_problem if web else export_problem
        self.push_screen(PromptScreen(question, default, check=check), answered)

    @on(Exported)
    def exported(self, message: Exported) -> None:
        if message.failed:
            self.notify(message.text, severity="error", markup=False)
        else:
            self.notify(message.text, markup=False)

    def action_reload(self) -> None:
        """Read the store again: another process may have appended since."""
        self.load_span(self.cursor)
        self.load_dates(self.cursor)
        for view in self.views:
            view.forget()
            view.stale = True
        self.current_view().reload()

    # -- the cursor ----------------------------------------------------------

    def watch_cursor(self, old: Cursor, new: Cursor) -> None:
        self.query_one(ClockBar).cursor = new
        for view in self.views:
            view.follow(new)
        if old.known_on != new.known_on:
            self.load_span(new)
        self.load_dates(new)

    def move_to(self, day: dt.date) -> None:
        self.cursor = evolve(self.cursor, as_of=day)

    def action_step(self, direction: int) -> None:
        day = self.cursor.as_of
        target = self.steps.next(day) if direction > 0 else self.steps.previous(day)
        if target is UNKNOWN:
            self.pending_step = direction
            return
        self.pending_step = 0
        if target is None:
            where = "after" if direction > 0 else "before"
            self.notify(f"No event {where} {day.isoformat()}.")
            self.stop_playing()
            return
        self.move_to(target)

    def action_month(self, months: int) -> None:
        self.move_to(shift_months(self.cursor.as_of, months))

    def action_today(self) -> None:
        self.move_to(today())

    def action_latest(self) -> None:
        if self.span is None:
            self.notify("The store holds no events.", severity="warning")
            return
        self.move_to(self.span[1])

    def action_ask_as_of(self) -> None:
        def answered(text: str | None) -> None:
            if text:
                self.move_to(parse_date(text))

        question = "As of (YYYY-MM-DD): the world at the end of that day"
        self.push_screen(
            PromptScreen(question, self.cursor.as_of.isoformat(), check=date_problem), answered
        )

    def action_ask_known_on(self) -> None:
        def answered(text: str | None) -> None:
            if text is None:
                return
            moment = resolve_known_on(parse_moment(text)) if text else None
            self.cursor = evolve(self.cursor, known_on=moment)

        question = (
            "Known on: what the tracker knew then. YYYY-MM-DD (the end of that day, UTC) "
            "or YYYY-MM-DDTHH:MM[Z]; empty for now"
        )
        current = self.cursor.known_on
        value = current.strftime("%Y-%m-%dT%H:%M:%SZ") if current else ""
        self.push_screen(PromptScreen(question, value, check=moment_problem), answered)

    def action_known_now(self) -> None:
        self.cursor = evolve(self.cursor, known_on=None)

    @on(AsOfChosen)
    def as_of_chosen(self, message: AsOfChosen) -> None:
        self.move_to(message.day)

    # -- playing -------------------------------------------------------------

    def action_play(self) -> None:
        if self.playing:
            self.stop_playing()
        else:
            self.playing = True
            self.player = self.set_interval(PLAY_SECONDS, self.tick)

    def tick(self) -> None:
        if not self.current_view().busy:  # a slow store slows the play, never piles up reads
            self.action_step(1)

    def stop_playing(self) -> None:
        """Stop at once: a step still waiting for the dates to be read is dropped too."""
        if self.player is not None:
            self.player.stop()
            self.player = None
        self.playing = False
        self.pending_step = 0

    def watch_playing(self, playing: bool) -> None:
        self.query_one(ClockBar).playing = playing

    # -- what the store holds, read in workers -------------------------------

    @work(thread=True, exclusive=True, group="span", exit_on_error=False)
    def load_span(self, cursor: Cursor) -> None:
        self.post_message(SpanLoaded(cursor.known_on, self.tracker.event_dates(cursor.known_on)))

    @on(SpanLoaded)
    def span_loaded(self, message: SpanLoaded) -> None:
        if message.known_on != self.cursor.known_on:
            return
        self.span = message.span
        clock = self.query_one(ClockBar)
        clock.span, clock.spanned = message.span, True

    @on(EvidenceWanted)
    def evidence_wanted(self, message: EvidenceWanted) -> None:
        self.push_screen(EvidenceScreen(self.tracker, message, self.cursor.known_on))

    @work(thread=True, exclusive=True, group="dates", exit_on_error=False)
    def load_dates(self, cursor: Cursor) -> None:
        day, known_on = cursor.as_of, cursor.known_on
        before = self.tracker.previous_event_dates(day, DATES_AROUND, known_on)
        after = self.tracker.next_event_dates(day, DATES_AROUND, known_on)
        self.post_message(DatesLoaded(cursor, day, before, after))

    @on(DatesLoaded)
    def dates_loaded(self, message: DatesLoaded) -> None:
        if message.cursor.known_on != self.cursor.known_on:
            return
        self.steps.load(message.centre, message.before, message.after, DATES_AROUND)
        if self.pending_step:
            self.action_step(self.pending_step)


def make_app(
    tracker: Tracker, *, as_of: dt.date | None = None, known_on: dt.datetime | None = None
) -> TrackerApp:
    """The app over an open store, as of `as_of` (today) as known on `known_on` (now)."""
    return TrackerApp(tracker, Cursor(as_of or today(), known_on))
