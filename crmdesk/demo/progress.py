"""Progress of the demo's generation as thousandths of the whole job."""

from __future__ import annotations

from collections.abc import Callable

ProgressFn = Callable[[int, int], None]


class Steps:
    """Reports progress as thousandths of the whole job, never going backwards."""

    TOTAL = 1000

    def __init__(self, progress: ProgressFn | None) -> None:
        self.progress = progress
        self.done = -1

    def __call__(self, fraction: float) -> None:
        done = min(self.TOTAL, int(fraction * self.TOTAL))
        if self.progress is not None and done > self.done:
            self.done = done
            self.progress(done, self.TOTAL)

