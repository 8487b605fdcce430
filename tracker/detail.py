"""One event in full, as `tracker show` prints it: as corrected, its source, its history.

Pure: each function turns an `EventHistory` into text or a JSON-ready dict. The
text is a document, not a table: long values wrap (with a hanging indent) at a
terminal's width, and nothing is cut.
"""

from __future__ import annotations

import textwrap
from typing import Any

from tracker.codec import encode_event, encode_record
from tracker.corrections import CorrectionEntry, EventHistory
from tracker.model import EventCorrected, EventRetracted, Recorded
from tracker.render import format_moment, printable

HEADER_KEYS = ("id", "type", "date", "title")
SOURCE_KEYS = ("publisher", "title", "published", "url", "quote")


def detail_json(history: EventHistory) -> dict[str, Any]:
    """`show --json`: the event as the queries see it (`null` once retracted), the record
    as first stored, and every correction touching it with whether it still counts."""
    effective = history.effective
    return {
        "id": history.record.id,
        "status": history.status,
        "event": None if effective is None else encode_event(effective),
        "recorded": encode_record(history.record),
        "corrections": [
            encode_record(entry.record) | {"counts": entry.counts} for entry in history.corrections
        ],
    }


def _value(value: Any) -> str:
    """One field's value on one line: people as `name (role, org, country)`."""
    if isinstance(value, list):
        return "; ".join(_value(item) for item in value)
    if isinstance(value, dict):
        if {"name", "org"} & value.keys() and value.keys() <= {"name", "role", "org", "country"}:
            name = value.get("name") or value.get("org")
            rest = [value[key] for key in ("role", "org", "country") if value.get(key)]
            rest = [part for part in rest if part != name]
            return f"{name} ({', '.join(rest)})" if rest else str(name)
        return ", ".join(f"{key}: {_value(item)}" for key, item in value.items())
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _block(title: str | None, pairs: list[tuple[str, str]], width: int | None) -> list[str]:
    label_width = max((len(label) for label, _ in pairs), default=0)
    lines = [title] if title else []
    for label, text in pairs:
        lead = f"  {label.ljust(label_width)}  "
        text = printable(text)
        if width is None or len(lead) + len(text) <= width:
            lines.append((lead + text).rstrip())
            continue
        wrapped = textwrap.wrap(
            text,
            width=max(width, len(lead) + 20),
            initial_indent=lead,
            subsequent_indent=" " * len(lead),
            break_on_hyphens=False,
        )
        lines.extend(wrapped or [lead.rstrip()])
    return lines


def _change(entry: CorrectionEntry, history: EventHistory) -> str:
    event = entry.record.event
    what = ""
    if isinstance(event, EventRetracted):
        target = event.target
        what = "retracts it" if target == history.record.id else f"retracts correction {target}"
    elif isinstance(event, EventCorrected):
        changes = "; ".join(f"{key} = {_value(value)}" for key, value in event.changes.items())
        what = f"corrects it: {changes}"
    reason = getattr(event, "reason", "")
    counts = "" if entry.counts else " [no longer counts: retracted]"
    return f"{entry.record.id} {what} (reason: {reason}){counts}"


def _history_line(record: Recorded, text: str) -> tuple[str, str]:
    return (f"{format_moment(record.recorded_at)}  seq {record.seq}", text)


def detail_text(history: EventHistory, width: int | None = None) -> str:
    """The event as corrected (as first stored, once retracted), its source, its history."""
    record = history.record
    shown = history.effective or record.event
    body = encode_event(shown)
    source = body.pop("source", None) or {}
    head = [(key, _value(body.pop(key))) for key in HEADER_KEYS if key in body]
    head.append(("status", history.status))
    head += [(key, _value(value)) for key, value in body.items()]
    lines = _block(None, head, width)
    if source:
        pairs = [(key, _value(source[key])) for key in SOURCE_KEYS if key in source]
        lines += ["", *_block("source", pairs, width)]
    else:
        lines += ["", "source", "  none given"]
    events = [_history_line(record, "recorded")]
    events += [_history_line(e.record, _change(e, history)) for e in history.corrections]
    lines += ["", *_block("history", events, width)]
    return "\n".join(lines)
