"""The `Tracker` facade: the one door scripts, the CLI and the TUI go through."""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, NamedTuple, TypeVar

import platformdirs
from attrs import frozen
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError

from tracker import figureread, ingest, meetingread, replay, statecache, stateread
from tracker.codec import (
    apply_changes,
    encode_record,
    payload_of,
    read_records,
    utf8_text,
)
from tracker.copying import backup, copy_rows
from tracker.corrections import CORRECTION_TYPES, CorrectionIndex, EventHistory
from tracker.diff import Change, diff_states
from tracker.errors import (
    InvalidEvent,
    NotYetRecorded,
    StoreMissing,
    StoreUnavailable,
    UnknownEvent,
)
from tracker.log import effective_log
from tracker.model import (
    EVENT_TYPES,
    Correction,
    Event,
    EventCorrected,
    Recorded,
    Source,
    TariffEvent,
)
from tracker.moments import (
    DateInput,
    MomentError,
    MomentInput,
    as_date,
    now,
    resolve_decided_by,
    resolve_known_on,
    since_moment,
    today,
)
from tracker.projections.meetings import GroupBy, MeetingRow
from tracker.projections.records import RecordRow
from tracker.projections.targets import TargetRow
from tracker.projections.tariff_steps import TariffSteps, tariff_steps
from tracker.projections.tariffs import TariffLine
from tracker.quoting import brief
from tracker.render import format_moment, to_json
from tracker.replay import NAMES, to_recorded
from tracker.seed import as_published, seed_files
from tracker.store import Head, Lookup, NewEvent, Progress, Store, VerifyResult
from tracker.stored import decode_stored
from tracker.timeline import LogEntry, log_entries
from tracker.timeline import matches as event_matches

EventInput = Event | Mapping[str, Any]
TARIFF_TYPES = tuple(cls.type for cls in EVENT_TYPES if issubclass(cls, TariffEvent))
LAST_SEQ = 2**62  # beyond any seq a store hands out
T = TypeVar("T")


class TimelineKey(NamedTuple):
    """A place in timeline order, (date, seq): where a keyset page of the timeline starts."""

    date: dt.date
    seq: int

    @classmethod
    def of(cls, record: Recorded) -> TimelineKey:
        return cls(record.event.date, record.seq)

    @classmethod
    def start_of(cls, day: dt.date) -> TimelineKey:
        """Before every event of `day`."""
        return cls(day, 0)

    @classmethod
    def end_of(cls, day: dt.date) -> TimelineKey:
        """After every event of `day`."""
        return cls(day, LAST_SEQ)


@frozen
class CopyReport:
    """What a copy or backup wrote: how many rows, to where, and the chain's head."""

    copied: int
    head: Head
    target: str


@frozen
class AppendReport:
    """What one batch did: ids appended, and ids skipped because already stored."""

    appended: tuple[str, ...]
    skipped: tuple[str, ...]
    dry_run: bool = False


@frozen
class SeedReport(AppendReport):
    """A seeding: `recorded_now` when the store already held events recorded after the
    curated ones were published, so those appended are recorded as of now instead."""

    recorded_now: bool = False


def default_db_path() -> Path:
    return platformdirs.user_data_path("tracker", appauthor=False) / "tracker.db"


def slugify(text: str, max_words: int = 6, max_length: int = 60) -> str:
    """A readable ASCII slug of a title: `Yeo meets Greer` -> `yeo-meets-greer`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())[:max_words]
    return "-".join(words)[:max_length].strip("-") or "event"


def generated_id(event: Event) -> str:
    return f"{event.date.isoformat()}-{slugify(event.title)}"


class Tracker:
    """An open store of events. Use as a context manager, or call `close()`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __enter__(self) -> Tracker:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    @property
    def url(self) -> str:
        return self.store.display_url

    # -- writing -------------------------------------------------------------

    def append(
        self,
        events: Iterable[EventInput],
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
    ) -> AppendReport:
        """Append a batch atomically: model events or dicts in the EVENTS.md format."""
        records = [(f"events[{index}]", item) for index, item in enumerate(events)]
        return self.import_records(records, dry_run=dry_run, progress=progress)

    def import_file(
        self, path: str | Path, *, dry_run: bool = False, progress: Progress | None = None
    ) -> AppendReport:
        return self.import_files([path], dry_run=dry_run, progress=progress)

    def import_files(
        self,
        paths: Sequence[str | Path],
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
    ) -> AppendReport:
        """Import files (JSON Lines, or one JSON object or array) as one atomic batch.

        JSON Lines are streamed: read, checked and written a chunk at a time, all in
        one transaction, so a file of any size takes the memory of a chunk.
        """
        files = [Path(path) for path in paths]

        def read() -> Iterator[list[ingest.Decoded]]:
            return ingest.chunks(record for file in files for record in ingest.read_file(file))

        return self._import(read, dry_run=dry_run, progress=progress)

    def import_text(
        self,
        text: str,
        name: str = "<stdin>",
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
    ) -> AppendReport:
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: the codec names the event and field
            return self.import_records(read_records(text, name), dry_run=dry_run, progress=progress)
        return self.import_data(data, name, dry_run=dry_run, progress=progress)

    def import_data(
        self,
        data: bytes,
        name: str = "<stdin>",
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
    ) -> AppendReport:
        """Import the bytes of a file read already (stdin), as `import_files` reads a file."""
        return self._import(
            lambda: ingest.chunks(ingest.read_data(data, name)), dry_run=dry_run, progress=progress
        )

    def seed(self, *, progress: Progress | None = None) -> SeedReport:
        """Load the curated timeline; idempotent, so a second run adds nothing.

        Each event is recorded as of its source's publication (see `tracker.seed`),
        unless the store already holds an event recorded after one of those to add:
        system time never runs backwards, so they are then all recorded now.
        """
        records = [record for path in seed_files() for record in read_path(path)]
        batch = self._decode(records, progress)
        stored = self.store.get([d.event.id for d in batch if d.event.id is not None])
        of_event = {id(d.event): d for d in batch}
        timeline = as_published([d.event for d in batch], now())
        to_add = [when for event, when in timeline if event.id not in stored]
        last = self.store.last_recorded_at()
        recorded_now = bool(to_add) and last is not None and last > min(to_add)
        ordered = [of_event[id(event)] for event, _ in timeline]
        if recorded_now:
            rows = [_row_of(d) for d in ordered]
        else:
            rows = [_row_of(of_event[id(event)], when) for event, when in timeline]
        report = self._append_rows(lambda: [ordered], rows, dry_run=False, progress=progress)
        return SeedReport(report.appended, report.skipped, recorded_now=recorded_now)

    def import_records(
        self,
        records: Sequence[tuple[str, object]],
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
    ) -> AppendReport:
        """Append parsed `(where, event)` pairs as one batch, where naming each in errors.

        `progress` advances twice per record: once validated, once written or skipped.
        """
        batch = self._decode(records, progress)
        return self._append_rows(lambda: [batch], None, dry_run=dry_run, progress=progress)

    def _decode(
        self, records: Sequence[tuple[str, object]], progress: Progress | None
    ) -> list[ingest.Decoded]:
        batch = [ingest.decoded(where, item) for where, item in records]
        if progress:
            progress(len(batch))
        return batch

    def _import(
        self,
        read: Callable[[], Iterable[list[ingest.Decoded]]],
        *,
        dry_run: bool,
        progress: Progress | None,
    ) -> AppendReport:
        """Append what `read` gives, a chunk at a time, as one batch."""

        def counted() -> Iterator[list[ingest.Decoded]]:
            for chunk in read():
                if progress:
                    progress(len(chunk))
                yield chunk

        return self._append_rows(counted, None, dry_run=dry_run, progress=progress)

    def _append_rows(
        self,
        read: Callable[[], Iterable[Sequence[ingest.Decoded]]],
        rows: Sequence[NewEvent] | None,
        *,
        dry_run: bool,
        progress: Progress | None,
    ) -> AppendReport:
        """Store decoded events as one batch, a chunk at a time; `rows` when already made
        (at the system times to record them), else each chunk's rows recorded now."""

        def chunks(lookup: Lookup) -> Iterator[Sequence[NewEvent]]:
            for chunk in read():
                self._check_corrections(chunk, lookup)
                yield rows if rows is not None else [_row_of(d) for d in chunk]

        result = self.store.append(chunks, dry_run=dry_run, progress=progress, then=statecache)
        if progress:
            progress(len(result.skipped))
        return AppendReport(
            appended=tuple(row.id for row in result.appended),
            skipped=result.skipped,
            dry_run=dry_run,
        )

    def _check_corrections(self, chunk: Sequence[ingest.Decoded], lookup: Lookup) -> None:
        """A correction must name a stored event (or one earlier in the batch), and fit it."""
        corrections = [d.event for d in chunk if isinstance(d.event, Correction)]
        if not corrections:
            return
        stored = lookup([e.target for e in corrections if isinstance(e, Correction)])
        earlier: dict[str, Event] = {}
        for where, event, _ in chunk:
            if isinstance(event, Correction):
                target = earlier.get(event.target)
                if target is None and event.target in stored:
                    target = decode_stored(event.target, stored[event.target][1])
                if target is None:
                    raise InvalidEvent(
                        where, "target", f"no stored event has id {brief(event.target)}"
                    )
                if isinstance(event, EventCorrected):
                    if isinstance(target, Correction):
                        raise InvalidEvent(
                            where, "target", "a correction cannot be corrected; retract it instead"
                        )
                    apply_changes(target, event.changes, where)
            if event.id is not None:
                earlier[event.id] = event

    # -- reading -------------------------------------------------------------

    def events(
        self,
        *,
        types: Sequence[str] = (),
        date_from: DateInput | None = None,
        date_to: DateInput | None = None,
        search: str | Sequence[str] = (),
        known_on: MomentInput | None = None,
        timeline: bool = False,
    ) -> Iterator[Recorded]:
        """The stored log, corrections included, in append order (or by date with `timeline`).

        `search` (one term or several, all of which must match) matches the event's
        id, text and values, never its key names, ignoring case.
        """
        terms = [search] if isinstance(search, str) else list(search)
        narrowing = next((term for term in terms if _prefilters(term)), None)
        rows = self.store.read(
            types=types,
            date_from=as_date(date_from, "date_from"),
            date_to=as_date(date_to, "date_to"),
            search=narrowing,
            known_on=None if known_on is None else resolve_known_on(known_on),
            by_date=timeline,
        )
        records = (to_recorded(row) for row in rows)
        if not terms:
            return records
        return (record for record in records if event_matches(record.event, terms))

    def log(
        self,
        *,
        effective: bool = False,
        types: Sequence[str] = (),
        date_from: DateInput | None = None,
        date_to: DateInput | None = None,
        search: str | Sequence[str] = (),
        known_on: MomentInput | None = None,
        recorded_since: MomentInput | None = None,
        reverse: bool = False,
        limit: int | None = None,
    ) -> list[LogEntry]:
        """The timeline as `tracker log` lists it: each event marked `original`,
        `corrected` or `retracted` as known on `known_on`; with `effective`, the
        corrected timeline the queries see (see `tracker.timeline`)."""
        moment = resolve_known_on(known_on)
        terms = [search] if isinstance(search, str) else list(search)
        records = self.events(
            types=types,
            date_from=None if effective else date_from,
            date_to=None if effective else date_to,
            search=() if effective else terms,
            known_on=moment,
            timeline=True,
        )
        return log_entries(
            records,
            self.corrections(moment),
            effective=effective,
            types=types,
            date_from=as_date(date_from, "date_from"),
            date_to=as_date(date_to, "date_to"),
            search=terms,
            recorded_since=since_moment(recorded_since),
            reverse=reverse,
            limit=limit,
        )

    def sources(
        self, event_ids: Iterable[str], known_on: MomentInput | None = None
    ) -> dict[str, Source | None]:
        """The source of each event as the queries see it (corrected), by id.

        Ids unknown by `known_on`, or retracted by then, are left out.
        """
        moment = resolve_known_on(known_on)
        rows = [
            row for row in self.store.get(list(event_ids)).values() if row.recorded_at <= moment
        ]
        if not rows:
            return {}
        index = self.corrections(moment)
        found: dict[str, Source | None] = {}
        for row in rows:
            event = index.effective(to_recorded(row))
            if event is not None:
                found[row.id] = event.source
        return found

    def data_ends(self, known_on: MomentInput | None = None) -> dt.date | None:
        """The date of the latest event recorded by `known_on` (corrections aside): past
        it, an answer only carries the last known state forward."""
        last = self.previous_event_dates(dt.date.max, known_on=resolve_known_on(known_on))
        return last[0] if last else None

    # -- paging the timeline (what a screen shows: a page at a time, by keyset) --

    def timeline_page(
        self,
        *,
        after: TimelineKey | None = None,
        before: TimelineKey | None = None,
        limit: int = 100,
        types: Sequence[str] = (),
        search: str | None = None,
        known_on: dt.datetime | None = None,
    ) -> list[Recorded]:
        """Up to `limit` stored events in timeline order just after `after` (or before `before`).

        Filters mean what they mean in `events()`. Each call is one keyset query
        (more only while `search` is narrowing), so its cost does not grow with
        how deep into the log the key lies.
        """
        if (after is None) == (before is None):
            raise ValueError("give exactly one of after and before")
        forward = after is not None
        key = after if after is not None else before
        assert key is not None
        needle = search.casefold() if search else None
        batch = limit if needle is None else max(limit, 500)
        found: list[Recorded] = []
        while len(found) < limit:
            rows = self.store.read_page(
                key,
                forward=forward,
                limit=batch,
                known_on=known_on,
                types=types,
                search=search if search and _prefilters(search) else None,
            )
            records = [to_recorded(row) for row in rows]
            if needle is not None:
                records = [r for r in records if matches(r, needle)]
            found = found + records if forward else records + found
            if len(rows) < batch:
                break
            key = (
                TimelineKey(rows[-1].date, rows[-1].seq)
                if forward
                else TimelineKey(rows[0].date, rows[0].seq)
            )
        return found[:limit] if forward else found[-limit:]

    def count_events(
        self,
        *,
        types: Sequence[str] = (),
        known_on: dt.datetime | None = None,
        before: TimelineKey | None = None,
    ) -> int:
        """How many stored events (of `types`); with `before`, how many come before that key."""
        return self.store.count(known_on=known_on, types=types, before=before)

    def event_dates(self, known_on: dt.datetime | None = None) -> tuple[dt.date, dt.date] | None:
        """The first and the last date of an event in the store (None when it is empty).

        Corrections are left out here and below: they date a fix, not something
        that happened in the world.
        """
        first = self.next_event_dates(dt.date.min, known_on=known_on)
        last = self.previous_event_dates(dt.date.max, known_on=known_on)
        return (first[0], last[0]) if first and last else None

    def next_event_dates(
        self, day: dt.date, limit: int = 1, known_on: dt.datetime | None = None
    ) -> list[dt.date]:
        """The next `limit` dates after `day` on which an event happened, soonest first."""
        return self.store.event_dates(
            after=day, limit=limit, known_on=known_on, exclude_types=CORRECTION_TYPES
        )

    def previous_event_dates(
        self, day: dt.date, limit: int = 1, known_on: dt.datetime | None = None
    ) -> list[dt.date]:
        """The last `limit` dates before `day` on which an event happened, latest first."""
        return self.store.event_dates(
            before=day, limit=limit, known_on=known_on, exclude_types=CORRECTION_TYPES
        )

    def corrections(self, known_on: MomentInput | None = None) -> CorrectionIndex:
        """Every correction recorded by `known_on`, resolved: what each event has become."""
        up_to = self.store.last_seq(resolve_known_on(known_on))
        corrections, named = replay.known_corrections(self.store, up_to)
        return CorrectionIndex(corrections, replay.seq_of(corrections, named))

    def history(self, event_id: str, known_on: MomentInput | None = None) -> EventHistory:
        """One event as first stored, as the queries see it, and every correction touching it.

        Raises `UnknownEvent` if no event with that id is stored, and `NotYetRecorded`
        (one of them) if it was recorded only after `known_on`.
        """
        moment = resolve_known_on(known_on)
        row = self.store.get([event_id]).get(event_id)
        if row is None:
            raise UnknownEvent(event_id)
        if row.recorded_at > moment:
            raise NotYetRecorded(event_id, format_moment(moment), format_moment(row.recorded_at))
        record = to_recorded(row)
        # Only this event's own corrections (and theirs), found through the cache's
        # index of correction targets rather than by reading every correction.
        cached = statecache.fresh(self.store.engine)
        up_to = self.store.last_seq(moment)
        if up_to > cached:  # a read-only store's cache left behind: resolve them all
            return self.corrections(moment).history(record)
        with self.store.engine.connect() as conn:
            tree = statecache.corrections_of(conn, {row.seq: record.event}, [])
        corrections = [to_recorded(r) for r in self.store.get_seqs([s for s in tree if s <= up_to])]
        named = self.store.get([name for r in corrections for name in _names(r.event)])
        known = {event_id: stored for event_id, stored in named.items() if stored.seq <= up_to}
        return CorrectionIndex(corrections, replay.seq_of(corrections, known)).history(record)

    def export(self, out: IO[str], **filters: Any) -> int:
        """Write events as JSON Lines in append order; importing them gives the same events."""
        count = 0
        for record in self.events(**filters):
            out.write(to_json(encode_record(record), indent=None) + "\n")
            count += 1
        return count

    def verify(self, head: Head | str | None = None) -> VerifyResult:
        """Walk the hash chain; with a `head` kept from before (`SEQ:HASH`), check it is there."""
        anchor = Head.parse(head) if isinstance(head, str) else head
        return self.store.verify(anchor)

    # -- moving: history kept ------------------------------------------------

    def copy_to(self, target: str | Path, *, progress: Progress | None = None) -> CopyReport:
        """Copy every stored row, as stored, into an empty store (a path or URL)."""
        url, _ = resolve_target(target)
        destination = Store.open(url)
        try:
            copied, head = copy_rows(self.store, destination, progress)
        finally:
            destination.close()
        return CopyReport(copied, head, destination.display_url)

    def backup(self, path: str | Path, *, progress: Progress | None = None) -> CopyReport:
        """A consistent copy in a new SQLite file, while others may go on appending."""
        copied, head = backup(self.store, Path(path).expanduser(), progress)
        return CopyReport(copied, head, str(path))

    # -- queries: the state of the world as of a date, as known on a moment ---

    def effective_log(
        self, as_of: DateInput | None = None, known_on: MomentInput | None = None
    ) -> list[Event]:
        """The corrected log as known on `known_on`, dated by `as_of`, in (date, seq) order."""
        return list(self._effective_events(as_of_date(as_of), known_on))

    def _effective_events(
        self, as_of: dt.date | None, known_on: MomentInput | None
    ) -> Iterator[Event]:
        up_to = self.store.last_seq(resolve_known_on(known_on))
        return replay.effective_events(self.store, as_of, up_to)

    def tariffs(
        self,
        as_of: DateInput | None = None,
        known_on: MomentInput | None = None,
        on: str | None = None,
        decided_by: DateInput | None = None,
    ) -> list[TariffLine]:
        """Tariff lines as of a date; `on="KR"` gives one line per imposer and measure.

        `decided_by` (on or after `as_of`) asks in hindsight: what applied on `as_of`
        in light of the decisions made by then (see `tracker.projections`).
        """
        day = as_of_date(as_of) or today()
        last = resolve_decided_by(day, as_date(decided_by, "decided_by"))
        stored = self._from_states(
            known_on, lambda conn, up_to, cached: stateread.tariff_lines(
                conn, day, up_to, cached, on, last)
        )  # fmt: skip
        if stored is not None:
            return stored
        return self.replay(day, known_on, on=on, only=("tariffs",), decided_by=decided_by)[
            "tariffs"
        ]

    def _from_states(
        self, known_on: MomentInput | None, read: Callable[[Connection, int, int], T]
    ) -> T | None:
        """`read(conn, up_to, cached)` from the stored states, brought up to the log first;
        None if the log moved on meanwhile (then a replay answers)."""
        moment = resolve_known_on(known_on)
        cached = statecache.fresh(self.store.engine)
        with self.store.engine.connect() as conn:
            up_to = self.store.last_seq(moment, conn)
            if up_to <= cached and statecache.cached_seq(conn) == cached:  # not moved since
                return read(conn, up_to, cached)
        return None

    def tariff_steps(
        self,
        imposed_by: str,
        measure: str,
        applies_to: str = "*",
        on: str | None = None,
        known_on: MomentInput | None = None,
    ) -> TariffSteps:
        """One tariff line through time (what a step chart draws): its state from each day
        it changed, as `tariffs` reports it as of that day, and the events behind it.

        With `on`, the line the one-country rule shows for (imposed_by, measure).
        """
        moment = resolve_known_on(known_on)
        records = self.events(types=(*TARIFF_TYPES, *CORRECTION_TYPES), known_on=moment)
        log = effective_log(records, known_on=moment)
        return tariff_steps(log, imposed_by, measure, applies_to, on)

    def meetings(
        self,
        as_of: DateInput | None = None,
        known_on: MomentInput | None = None,
        by: GroupBy | None = None,
        decided_by: DateInput | None = None,
        *,
        ours: str | None = None,
        theirs: str | None = None,
    ) -> list[MeetingRow]:
        """Meetings per counterpart (or `by` org or country); `ours`/`theirs` pick the
        people on each side by name, role or organisation (see projections.meetings)."""
        day = as_of_date(as_of) or today()
        resolve_decided_by(day, as_date(decided_by, "decided_by"))  # changes nothing here
        stored = self._from_states(
            known_on, lambda conn, up_to, cached: meetingread.meeting_rows(
                conn, day, up_to, cached, by, ours=ours, theirs=theirs)
        )  # fmt: skip
        if stored is not None:
            return stored
        answer = self.replay(
            as_of,
            known_on,
            by=by,
            ours=ours,
            theirs=theirs,
            only=("meetings",),
            decided_by=decided_by,
        )
        return answer["meetings"]

    def targets(
        self,
        as_of: DateInput | None = None,
        known_on: MomentInput | None = None,
        decided_by: DateInput | None = None,
    ) -> list[TargetRow]:
        day = as_of_date(as_of) or today()
        last = resolve_decided_by(day, as_date(decided_by, "decided_by"))
        stored = self._from_states(
            known_on, lambda conn, up_to, cached: figureread.target_rows(
                conn, day, last, up_to, cached)
        )  # fmt: skip
        if stored is not None:
            return stored
        return self.replay(as_of, known_on, only=("targets",), decided_by=decided_by)["targets"]

    def records(
        self,
        as_of: DateInput | None = None,
        known_on: MomentInput | None = None,
        decided_by: DateInput | None = None,
    ) -> list[RecordRow]:
        day = as_of_date(as_of) or today()
        last = resolve_decided_by(day, as_date(decided_by, "decided_by"))
        stored = self._from_states(
            known_on, lambda conn, up_to, cached: figureread.record_rows(
                conn, day, last, up_to, cached)
        )  # fmt: skip
        if stored is not None:
            return stored
        return self.replay(as_of, known_on, only=("records",), decided_by=decided_by)["records"]

    def replay(
        self,
        as_of: DateInput | None = None,
        known_on: MomentInput | None = None,
        *,
        on: str | None = None,
        by: GroupBy | None = None,
        ours: str | None = None,
        theirs: str | None = None,
        only: Sequence[str] = NAMES,
        decided_by: DateInput | None = None,
    ) -> dict[str, list[Any]]:
        """The projections named in `only` by a full replay of the log: the reference answer.

        Dates may be given as ISO strings."""
        day = as_of_date(as_of) or today()
        last = resolve_decided_by(day, as_date(decided_by, "decided_by"))
        up_to = self.store.last_seq(resolve_known_on(known_on))
        log = replay.effective_events(self.store, last, up_to, replay.types_folded(only))
        return replay.answers(log, only, day, last, on=on, by=by, ours=ours, theirs=theirs)

    def diff(
        self,
        a: DateInput,
        b: DateInput,
        known_on: MomentInput | None = None,
        decided_by: DateInput | None = None,
    ) -> list[Change]:
        """What was added, changed or removed in each projection between two dates.

        Each side is as of its own date; with `decided_by` (not before either date),
        both are in light of the decisions made by then.
        """
        a, b = _required_date(a, "a"), _required_date(b, "b")
        decided_by = as_date(decided_by, "decided_by")
        resolve_decided_by(max(a, b), decided_by)  # refuses one before either date
        before = self.replay(a, known_on, decided_by=decided_by)
        after = self.replay(b, known_on, decided_by=decided_by)
        return diff_states(before, after)


def _names(event: Event) -> list[str]:
    """The ids a correction speaks of: its target, and one its changes move a correction to."""
    if not isinstance(event, Correction):
        return []
    moved = event.changes.get("target") if isinstance(event, EventCorrected) else None
    return [event.target, *([moved] if isinstance(moved, str) else [])]


def _prefilters(search: str) -> bool:
    """Whether the store's LIKE over payload text finds every match (so it may narrow first).

    SQLite folds case for ASCII only, and JSON escapes quotes, backslashes and controls.
    """
    return search.isascii() and search.isprintable() and not ({'"', "\\"} & set(search))


def matches(record: Recorded, text: str) -> bool:
    """The rule of `events(search=...)`: `text` is in a value of the event (never a key name),
    ignoring case; a screen marks the rows a search found with it."""
    return event_matches(record.event, [text])


def as_of_date(value: DateInput | None) -> dt.date | None:
    return as_date(value, "as_of")


def _required_date(value: DateInput, name: str) -> dt.date:
    day = as_date(value, name)
    if day is None:
        raise MomentError(f"{name}: a date is required")
    return day


def read_path(path: Path) -> list[tuple[str, object]]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InvalidEvent(str(path), "", f"cannot read file: {error.strerror}") from None
    return read_records(utf8_text(data, str(path)), str(path))


def _new_event(
    event: Event,
    recorded_at: dt.datetime | None = None,
    *,
    where: str = "",
    payload: str | None = None,
) -> NewEvent:
    """The row to append for an event; `payload` when written already (the fast path)."""
    generated = event.id is None
    event_id = generated_id(event) if generated else event.id
    assert event_id is not None
    if payload is None:
        payload = payload_of(event)
    return NewEvent(event_id, event.type, event.date, payload, generated, recorded_at, where)


def _row_of(decoded: ingest.Decoded, recorded_at: dt.datetime | None = None) -> NewEvent:
    return _new_event(decoded.event, recorded_at, where=decoded.where, payload=decoded.payload)


def resolve_target(target: str | Path | None) -> tuple[str, bool]:
    """The store URL to open, and whether it is the default store (seeded on creation)."""
    if target is None:
        target = os.environ.get("TRACKER_URL") or os.environ.get("TRACKER_DB") or None
    if target is None:
        return f"sqlite:///{default_db_path()}", True
    text = str(target)
    if "://" in text:
        return text, False
    return f"sqlite:///{Path(text).expanduser()}", False


def open(  # noqa: A001 - the public name
    target: str | Path | None = None, *, create: bool = True, read_only: bool = False
) -> Tracker:
    """Open a store: a SQLite path, a database URL, or (None) the default store.

    `read_only` has the database refuse every write (appends raise `StoreReadOnly`)
    and never creates anything, the default store included.

    The default store is seeded with the curated timeline when it is first
    created; a store named explicitly starts empty. With `create=False` (what
    reading commands use) a SQLite file that does not exist is `StoreMissing`
    rather than a new, empty store; the default store is still created.
    """
    url, is_default = resolve_target(target)
    path = sqlite_file(url)
    if path is not None and path.is_dir():
        raise StoreUnavailable(f"cannot open store {path}: it is a directory, not a file")
    if is_default and not read_only and not default_db_path().exists():
        _create_seeded(default_db_path())
    elif path is not None and (read_only or not create) and not path.exists():
        raise StoreMissing(path)
    return Tracker(Store.open(url, read_only=read_only))


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names; None for other databases, memory and `file:` URIs."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None  # Store.open reports it
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:"):
        return None
    return Path(database).expanduser()


def _create_seeded(path: Path) -> None:
    """Build the default store beside its final place, then move it in: never half-seeded.

    Readable by its owner only (the file 0600, the folders made for it 0700, as XDG
    asks), whatever the umask: it may hold unpublished notes. Put in place by a hard
    link, which fails if another process's first use got there first: theirs stands
    and this one is dropped, so no store anyone has appended to is ever replaced.
    """
    _private_folders(path.parent)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT, 0o600))
        os.chmod(partial, 0o600)
        with Tracker(Store.open(f"sqlite:///{partial}")) as tracker:
            tracker.seed()
            tracker.store.checkpoint()
        try:
            os.link(partial, path)
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not path.exists():
                os.replace(partial, path)
    except OSError as error:
        raise StoreUnavailable(f"cannot create store {path}: {error.strerror}") from None
    finally:
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)


def _private_folders(folder: Path) -> None:
    """Create `folder` and any missing parents as 0700; folders already there are left alone."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        try:
            made.mkdir(mode=0o700)
            made.chmod(0o700)  # as asked, whatever the umask
        except FileExistsError:
            continue  # another process made it just now
        except OSError as error:
            raise StoreUnavailable(f"cannot create {made}: {error.strerror}") from None
