"""tracker: an event-sourced timeline of trade negotiations.

The public API is `tracker.open(path_or_url)`, which returns a `Tracker`.
It is imported lazily, so `import tracker.model` or `tracker.projections`
pulls in neither the database layer nor the terminal UI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tracker.api import AppendReport, Tracker, open  # noqa: A004

__version__ = "0.1.0"  # the package version (pyproject reads it from here)
__all__ = ["AppendReport", "Tracker", "open"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from tracker import api

        return getattr(api, name)
    raise AttributeError(f"module 'tracker' has no attribute {name!r}")
