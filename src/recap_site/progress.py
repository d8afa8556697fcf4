"""A one-line status on the terminal while a longer build runs.

Shown only when stderr is a terminal and not in CI (``CI=true``); it appears
after a short delay, so quick builds print nothing but their summary.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

DELAY = 0.5  # seconds before the line appears
INTERVAL = 0.1  # seconds between redraws


def wanted(stream: TextIO) -> bool:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


class StatusLine:
    """A :data:`recap_site.builder.Progress` callback that redraws one line."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.started = time.monotonic()
        self.drawn_at = 0.0
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.started < DELAY or (now - self.drawn_at < INTERVAL and done != total):
            return
        self.drawn_at = now
        text = f"{stage} {done}/{total} pages" if total else f"{stage} …"
        self.stream.write(f"\r\x1b[K{text}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False
