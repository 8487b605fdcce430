"""Tariff lines, one per (imposed_by, applies_to, measure), as they stand on `as_of`.

The fold only collects each line's decisions; the report reads them at `as_of`,
because the same decisions mean different things on different days. Rules where
DESIGN.md is silent:

- A decision (announcement or lift) replaces every decision taking effect on or
  after its own effective date; the line on D follows the last one in effect by D.
- `schedule` is every decided change after D, in order; `pending` is its first.
  A pending lift is `{rate_pct: null, effective, announced, lift: true}`; the line
  stays as it is until the lift's effective date. A change that alters nothing the
  line reports (status, rate, basis) on its day is left out: a pause extended at
  the same rate, a decision a pause runs over, a rate re-announced. Such an
  extension also carries `paused_until` (and a pending pause's `until`) on to its
  own end: to a reader the pause simply lasts longer.
- A pause applies from its `effective` date (default its `date`; earlier means
  retroactive) and ends on its `until`, when a later pause takes over from its own
  start (an extension), or when a decision announced after the pause takes effect:
  the newest decision governs, so one effective before the pause voids it.
  Decisions announced before the pause wait for its end. `paused_until` is that
  first day without the pause.
- A pause announced for a later day is a change ahead like a decision:
  `{rate_pct: the pause's rate, effective: its first day, announced, lift: false,
  pause: true, until}`; on the same day as a decision, the pause is the change (the
  decision either waits for it or voids it).
- `rate_pct` is the rate applying on D: null when nothing applies (threatened,
  pending, lifted) and for a pause that names no rate.
- A threat rides on the line until an announcement or a lift decides the rate, or a
  `tariff.threat_withdrawn` withdraws it (from its `date`; nothing decided changes);
  a pause decides no rate, so the threat stays. A line with nothing decided and no
  pause whose threat is withdrawn is not listed, as before its first threat; a new
  threat starts it afresh (`since` is that threat's date).
- `since` is the first day of the current state: a decision repeating the rate and
  basis in effect (a reaffirmation) does not restart it; after a pause it is the
  pause's end; an extension keeping the pause rate keeps the pause's first day.
  A pending line counts from its first decision, a threatened one from its first
  threat. A line whose only pause has run out, with nothing decided, is `lifted`.
- `products` is the latest a decision gave (a threat's, only while nothing is
  decided): the rate in force keeps its scope when a threat names another, which
  rides in `threat.products`. `event_ids` are all the line's events so far.
- A threat whose rate (a range: its top) is below what the target pays is a
  promised cut: `threat.promised`, and status `promised` for a line that would
  read `threatened`. What the target pays is its own line's rate once begun, else
  the `*` line's in force; with nothing paid, the first rate decided for it (its
  own, then the `*` line's). The basis is not weighed. Read across lines, so
  `read_lines` marks promises before the one-country rule picks lines.
- With `on`, the `*` line standing in for a country keeps `applies_to` `*`; the
  country's own threat replaces the `*` line's (once withdrawn, it no longer does),
  and the schedule is the `*` line's changes before the country's own line begins
  (its first change; on the same day the country's own governs), then its own.

In hindsight (`decided_by` E after D), what applied on D is read in light of the
decisions made by E: an announcement, lift or pause dated after D counts when it
takes effect by D (a retroactive one, like the cut to 15 % for Korean cars
announced on 3 December 2025 and applying from 1 November), and then it also
replaces what it replaces (a pending change it overrides, a threat it resolves).
A decision dated after D taking effect after D is D's future and does not count,
so `pending` stays what was ahead on D; a threat made after D does not ride on D's
line, and one withdrawn after D still does; a line all of whose events come after
D shows only if one of them reaches D.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

from attrs import evolve, field, frozen

from tracker.model import (
    Basis,
    Event,
    TariffAnnounced,
    TariffEvent,
    TariffLifted,
    TariffPaused,
    TariffThreatened,
    TariffThreatWithdrawn,
)
from tracker.projections import Stack, decided, fold, push, put, unwind

Key = tuple[str, str, str]
Decision = TariffAnnounced | TariffLifted
Status = Literal["threatened", "promised", "pending", "in_effect", "paused", "lifted"]
BEGUN: frozenset[Status] = frozenset({"in_effect", "paused", "lifted"})


@frozen
class Pause:
    event: TariffPaused
    since: dt.date  # first day of the continuous pause at this rate
    ends: dt.date | None  # first day without it: `until`, a later pause's or decision's start
    before: Pause | None = None  # the pause it replaced, still applying until it starts

    @property
    def start(self) -> dt.date:
        return self.event.effective_date

    @property
    def void(self) -> bool:
        """Ended before it began: it never applies."""
        return self.ends is not None and self.ends <= self.start


@frozen
class Line:
    schedule: Stack[Decision] | None = None  # by effective date; the top takes effect last
    pause: Pause | None = None
    threat: TariffThreatened | None = None
    first_threat: dt.date | None = None
    decided_on: dt.date | None = None
    products: str | None = None
    event_ids: Stack[str] | None = None


EMPTY = Line()


@frozen
class TariffState:
    # (imposed_by, applies_to) -> measure -> line
    lines: Mapping[tuple[str, str], Mapping[str, Line]] = field(factory=dict)


@frozen
class PendingChange:
    rate_pct: Decimal | None
    effective: dt.date
    announced: dt.date
    lift: bool = False
    pause: bool = False
    until: dt.date | None = None  # a pause's first day without it (same-rate extensions run on)
    products: str | None = None  # what the decision covers, when it says


@frozen
class Threat:
    rate_pct: Decimal | None
    rate_min_pct: Decimal | None
    rate_max_pct: Decimal | None
    date: dt.date
    products: str | None = None  # what the threat covers: its own, not the line's
    promised: bool = False  # below the rate the target pays (or is decided to pay): a cut


@frozen
class TariffLine:
    imposed_by: str
    applies_to: str
    measure: str
    products: str | None
    status: Status
    rate_pct: Decimal | None
    basis: Basis
    since: dt.date
    pending: PendingChange | None
    schedule: tuple[PendingChange, ...]
    paused_until: dt.date | None
    threat: Threat | None
    event_ids: tuple[str, ...]


def initial() -> TariffState:
    return TariffState()


def apply(state: TariffState, event: Event) -> TariffState:
    if not isinstance(event, TariffEvent):
        return state
    pair = (event.imposed_by, event.applies_to)
    line = step(state.lines.get(pair, {}).get(event.measure, EMPTY), event)
    return TariffState(put(state.lines, pair, event.measure, line))


class Folder:
    """Folds many events at once into a copy of a state: what `apply` gives, event by
    event, without copying the map of lines per event. Local to one fold, so mutable."""

    def __init__(self, state: TariffState) -> None:
        self._lines = {pair: dict(measures) for pair, measures in state.lines.items()}

    def add(self, event: Event) -> None:
        if isinstance(event, TariffEvent):
            measures = self._lines.get((event.imposed_by, event.applies_to))
            if measures is None:
                measures = self._lines[(event.imposed_by, event.applies_to)] = {}
            measures[event.measure] = step(measures.get(event.measure, EMPTY), event)

    def state(self) -> TariffState:
        return TariffState(self._lines)


def step(line: Line, event: TariffEvent) -> Line:
    """The line after one of its events: one new `Line`, the old one untouched."""
    return _STEPS[type(event)](event, line)


def _products(event: TariffEvent, line: Line) -> str | None:
    return getattr(event, "products", None) or line.products


def _ids(event: TariffEvent, line: Line) -> Stack[str] | None:
    return Stack(event.id, line.event_ids) if event.id else line.event_ids


def _threatened(event: TariffThreatened, line: Line) -> Line:
    # A threat names its own scope (`threat.products`); the decided rate keeps its own.
    products = line.products if line.decided_on is not None else _products(event, line)
    return Line(
        line.schedule,
        line.pause,
        event,
        line.first_threat or event.date,
        line.decided_on,
        products,
        _ids(event, line),
    )


def _withdrawn(event: TariffThreatWithdrawn, line: Line) -> Line:
    return Line(
        line.schedule,
        line.pause,
        None,
        None,
        line.decided_on,
        _products(event, line),
        _ids(event, line),
    )


def _decided(event: Decision, line: Line) -> Line:
    effective = event.effective_date
    kept = line.schedule
    while kept is not None and kept.top.effective_date >= effective:
        kept = kept.rest
    return Line(
        Stack(event, kept),
        _ended(line.pause, effective),
        None,
        line.first_threat,
        line.decided_on or event.date,
        _products(event, line),
        _ids(event, line),
    )


def _paused(event: TariffPaused, line: Line) -> Line:
    start = event.effective_date
    old = _ended(line.pause, start)
    since = start
    if old is not None and old.ends == start and old.event.rate_pct == event.rate_pct:
        since = old.since  # an extension at the same rate continues the pause
    # Until the new pause begins, the replaced one still tells what applied (and ended).
    before = old if start > event.date else None
    return Line(
        line.schedule,
        Pause(event, since, event.until, before),
        line.threat,
        line.first_threat,
        line.decided_on,
        _products(event, line),
        _ids(event, line),
    )


_STEPS: dict[type[Event], Callable[[Any, Line], Line]] = {
    TariffThreatened: _threatened,
    TariffAnnounced: _decided,
    TariffLifted: _decided,
    TariffPaused: _paused,
    TariffThreatWithdrawn: _withdrawn,
}


def _ended(pause: Pause | None, day: dt.date) -> Pause | None:
    """The pauses ended by `day` at the latest (a decision or pause starts then), void dropped."""
    if pause is None:
        return None
    before = _ended(pause.before, day)
    if pause.ends is None or day < pause.ends:
        pause = evolve(pause, ends=day)
    if pause.void:
        return before
    return pause if before is pause.before else evolve(pause, before=before)


def listed(line: Line) -> bool:
    """Whether a line is reported at all: something decided, a pause, or a standing threat.
    A line whose only threats were withdrawn is as before its first threat."""
    return line.schedule is not None or line.pause is not None or line.threat is not None


def _pausing(pause: Pause, day: dt.date) -> bool:
    return pause.start <= day and (pause.ends is None or day < pause.ends)


def _pause_on(pause: Pause | None, day: dt.date) -> tuple[Pause | None, Pause | None]:
    """The last pause begun by `day` (applying or over), and the next one to begin after it."""
    upcoming = None
    while pause is not None and pause.start > day:
        upcoming = pause
        pause = pause.before
    return pause, upcoming


def _basis(event: TariffEvent | None) -> Basis:
    return (event.basis if event is not None else None) or "additional"


def _same(a: Decision, b: Decision) -> bool:
    if isinstance(a, TariffLifted) or isinstance(b, TariffLifted):
        return isinstance(a, TariffLifted) and isinstance(b, TariffLifted)
    return a.rate_pct == b.rate_pct and _basis(a) == _basis(b)


def _run_end(head: Pause | None, pause: Pause) -> dt.date | None:
    """The first day without `pause`, running on through extensions at the same rate and
    basis that start the day it ends: to a reader the pause simply lasts longer."""
    ends = pause.ends
    node = head
    while ends is not None and node is not None:
        if node.start == ends and (node.event.rate_pct, node.event.basis) == (
            pause.event.rate_pct,
            pause.event.basis,
        ):
            ends, node = node.ends, head  # look again from the top for the next one
        else:
            node = node.before
    return ends


def _schedule(line: Line, as_of: dt.date) -> tuple[PendingChange, ...]:
    """Every decided change after `as_of`, in order: the decisions and pauses taking effect
    then, less those that change nothing the line reports (a pause extended at the same
    rate, a decision waiting out a pause, a rate re-announced). One entry a day: a pause
    beginning the day a decision takes effect is the change (the decision waits for it)."""
    ahead: list[PendingChange] = []
    node = line.schedule
    while node is not None and node.top.effective_date > as_of:
        decision = node.top
        announced = isinstance(decision, TariffAnnounced)
        ahead.append(
            PendingChange(
                decision.rate_pct if isinstance(decision, TariffAnnounced) else None,
                decision.effective_date,
                decision.date,
                lift=not announced,
                products=decision.products if isinstance(decision, TariffAnnounced) else None,
            )
        )
        node = node.rest
    pause = line.pause
    while pause is not None and pause.start > as_of:
        until = _run_end(line.pause, pause)
        ahead.append(
            PendingChange(
                pause.event.rate_pct, pause.start, pause.event.date, pause=True, until=until
            )
        )
        pause = pause.before
    ahead.sort(key=lambda change: (change.effective, not change.pause))
    kept: list[PendingChange] = []
    for change in ahead:
        day = change.effective
        if kept and kept[-1].effective == day:
            continue
        if _look(line, day - dt.timedelta(days=1)) != _look(line, day):
            kept.append(change)
    return tuple(kept)


def _threat(event: TariffThreatened | None) -> Threat | None:
    if event is None:
        return None
    return Threat(
        event.rate_pct, event.rate_min_pct, event.rate_max_pct, event.date, event.products
    )


@frozen
class _Reading:
    """What a line reports on a day, its schedule aside."""

    status: Status
    rate_pct: Decimal | None
    basis: Basis
    since: dt.date
    paused_until: dt.date | None


def _look(line: Line, day: dt.date) -> tuple[Status, Decimal | None, Basis]:
    reading = _read(line, day)
    return reading.status, reading.rate_pct, reading.basis


def line_at(
    key: Key, line: Line, as_of: dt.date, event_ids: Sequence[str] | None = None
) -> TariffLine:
    """Read one line's decisions as they stand at the end of `as_of` (`event_ids`: the
    line's ids when they are kept beside it, as a stored reading view's are)."""
    reading = _read(line, as_of)
    schedule = _schedule(line, as_of)
    return TariffLine(
        imposed_by=key[0],
        applies_to=key[1],
        measure=key[2],
        products=line.products,
        status=reading.status,
        rate_pct=reading.rate_pct,
        basis=reading.basis,
        since=reading.since,
        pending=schedule[0] if schedule else None,
        schedule=schedule,
        paused_until=reading.paused_until,
        threat=_threat(line.threat),
        event_ids=tuple(unwind(line.event_ids) if event_ids is None else event_ids),
    )


def _read(line: Line, as_of: dt.date) -> _Reading:
    node, upcoming = line.schedule, None
    while node is not None and node.top.effective_date > as_of:
        upcoming = node.top  # the last one met walking back is the next to take effect
        node = node.rest
    current = node.top if node is not None else None
    pause, next_pause = _pause_on(line.pause, as_of)
    resumed = None  # the day a pause that really applied ended, if by as_of
    if pause is not None and pause.ends is not None and pause.ends <= as_of:
        resumed = pause.ends
    status: Status
    rate: Decimal | None = None
    basis = _basis(upcoming if current is None else current)
    paused_until = None
    if pause is not None and _pausing(pause, as_of):
        status, rate, since = "paused", pause.event.rate_pct, pause.since
        basis = pause.event.basis or basis
        paused_until = _run_end(line.pause, pause)
    elif node is not None and current is not None:
        start = node
        while start.rest is not None and _same(start.rest.top, current):
            start = start.rest
        since = max(start.top.effective_date, resumed or dt.date.min)
        if isinstance(current, TariffLifted):
            status = "lifted"
        else:
            status, rate = "in_effect", current.rate_pct
    elif upcoming is not None:
        status, since = "pending", max(line.decided_on or upcoming.date, resumed or dt.date.min)
    elif next_pause is not None:  # nothing decided yet, but a pause is announced
        status, since = "pending", max(next_pause.event.date, resumed or dt.date.min)
    elif line.threat is not None or pause is None:
        status, since = "threatened", line.first_threat or as_of
        basis = _basis(line.threat)
    else:
        status, since = "lifted", pause.ends or pause.start
    return _Reading(status, rate, basis, since, paused_until)


def reading_view(line: Line, position: dt.date) -> Line:
    """What `line_at` needs of a line to answer any day from `position` on.

    `position` is the date of the last event folded. From then on only the decisions
    taking effect after it, the one in effect on it, and how far back that one's rate
    runs (the deepest decision of its run: `since`) can change an answer; the deeper
    schedule never does, so a stored view stays small however long the line's history.
    `event_ids` are left out: a store keeps them beside the view. A view is for
    reading only: folding on from it would lose what a retroactive decision needs.
    """
    ahead: list[Decision] = []
    node = line.schedule
    while node is not None and node.top.effective_date > position:
        ahead.append(node.top)
        node = node.rest
    kept: Stack[Decision] | None = None
    if node is not None:
        deepest = node
        while deepest.rest is not None and _same(deepest.rest.top, node.top):
            deepest = deepest.rest
        if deepest is not node:
            kept = push(None, deepest.top)
        kept = push(kept, node.top)
    for decision in reversed(ahead):
        kept = push(kept, decision)
    return evolve(line, schedule=kept, event_ids=None)


def tariff_lines(
    log: Sequence[Event],
    as_of: dt.date,
    on: str | None = None,
    *,
    decided_by: dt.date | None = None,
) -> list[TariffLine]:
    """Every tariff line as of `as_of`, in light of decisions dated up to `decided_by`.

    With `on`, one line per (imposed_by, measure).
    """
    return report(fold(Folder, decided(log, as_of, decided_by, reaches_back), initial()), as_of, on)


def report(
    state: TariffState,
    as_of: dt.date,
    on: str | None = None,
    event_ids: Mapping[Key, Sequence[str]] | None = None,
) -> list[TariffLine]:
    """`tariff_lines` from the state folded over what `decided` gives for `as_of`
    (`event_ids`: as `line_at` takes them, by line)."""
    lines = read_lines(state, as_of, event_ids)
    if on is not None:
        lines = for_country(lines, on)
    return [lines[key] for key in sorted(lines)]


def read_lines(
    state: TariffState, as_of: dt.date, event_ids: Mapping[Key, Sequence[str]] | None = None
) -> dict[Key, TariffLine]:
    """Every listed line of `state` on `as_of`, each threat below what its target pays
    marked as a promised cut (a country's line is read beside the `*` line)."""
    ids = event_ids or {}
    lines = {
        (pair[0], pair[1], measure): line_at(
            (pair[0], pair[1], measure), line, as_of, ids.get((pair[0], pair[1], measure))
        )
        for pair, measures in state.lines.items()
        for measure, line in measures.items()
        if listed(line)
    }
    return {
        key: _promise(line, None if key[1] == "*" else lines.get((key[0], "*", key[2])))
        for key, line in lines.items()
    }


def _promise(line: TariffLine, everyone: TariffLine | None) -> TariffLine:
    """The line with its threat marked promised when even its highest rate is below
    what the target pays (`_paying`): a cut offered, not a hike threatened."""
    threat = line.threat
    if threat is None:
        return line
    top = threat.rate_pct if threat.rate_pct is not None else threat.rate_max_pct
    paying = _paying(line, everyone)
    if paying is None or top is None or top >= paying:
        return line
    status: Status = "promised" if line.status == "threatened" else line.status
    return evolve(line, status=status, threat=evolve(threat, promised=True))


def _paying(line: TariffLine, everyone: TariffLine | None) -> Decimal | None:
    """The rate the line's target pays on the day: its own once begun, else the `*` line's
    in force; with nothing paid yet, the first rate decided for it (its own first)."""
    if line.status in BEGUN:
        return line.rate_pct
    if everyone is not None and everyone.status in BEGUN:
        return everyone.rate_pct
    for candidate in (line, everyone):
        pending = candidate.pending if candidate is not None else None
        if pending is not None and pending.rate_pct is not None:
            return pending.rate_pct
    return None


def reaches_back(event: Event, day: dt.date) -> bool:
    """Whether an event dated after `day` decides what applied on it: a decision or
    pause taking effect by then. A threat, or its withdrawal, decides nothing."""
    if isinstance(event, TariffAnnounced | TariffLifted | TariffPaused):
        return event.effective_date <= day
    return False


def for_country(lines: Mapping[Key, TariffLine], country: str) -> dict[Key, TariffLine]:
    """The country's line once it has begun, else the `*` line carrying its news."""
    chosen: dict[Key, TariffLine] = {}
    for imposed_by, measure in sorted({(k[0], k[2]) for k in lines if k[1] in (country, "*")}):
        own = lines.get((imposed_by, country, measure))
        everyone = lines.get((imposed_by, "*", measure))
        if everyone is None or (own is not None and own.status in BEGUN):
            assert own is not None
            chosen[(imposed_by, country, measure)] = own
        elif own is None:
            chosen[(imposed_by, "*", measure)] = everyone
        else:
            schedule = _merged(own.schedule, everyone.schedule)
            threat = own.threat or everyone.threat
            status = everyone.status
            if status in ("threatened", "promised") and threat is not None:
                status = "promised" if threat.promised else "threatened"
            chosen[(imposed_by, "*", measure)] = evolve(
                everyone,
                status=status,
                pending=schedule[0] if schedule else None,
                schedule=schedule,
                threat=threat,
                event_ids=everyone.event_ids + own.event_ids,
            )
    return chosen


def _merged(
    own: tuple[PendingChange, ...], everyone: tuple[PendingChange, ...]
) -> tuple[PendingChange, ...]:
    """The changes ahead for the country: the `*` line's until its own line begins (its
    first change; on the same day the country's own governs), then its own."""
    begins = own[0].effective if own else None
    return tuple(c for c in everyone if begins is None or c.effective < begins) + own
