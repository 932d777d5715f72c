"""Progress of long commands on stderr: one line naming the current stage and the time
spent, redrawn in place, shown only on a terminal and only once the command has run for
``DELAY`` seconds (quick commands, pipes, files and CI logs see nothing); byte counts
(``ctoc-kg load``) with sizes and percent.  The line is wiped when the command ends.
(tqdm, tried first, wrote empty lines on a bare pseudo-terminal.)"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

DELAY = 1.0  # seconds of work before anything is shown
REFRESH = 0.25


class Progress:
    """``with Progress("export") as p: p.stage("loading"); …; p.stage("writing")``."""

    def __init__(self, command: str, *, enabled: bool | None = None, file: TextIO | None = None,
                 delay: float = DELAY) -> None:
        self.file = file if file is not None else sys.stderr
        if enabled is None:
            enabled = bool(getattr(self.file, "isatty", lambda: False)())
        self.enabled = enabled
        self.command = command
        self.delay = delay
        self.name = ""
        self._last = 0
        self._width = 79
        self._bytes = None  # (total, done) while a byte bar runs
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self.shown = False

    def __enter__(self) -> "Progress":
        if self.enabled:
            self._start = time.monotonic()
            self._thread = threading.Thread(target=self._run, name="ctoc-kg progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def stage(self, name: str) -> None:
        """The work now running (``loading``, ``reasoning``, ``validating``, …)."""
        with self._lock:
            self.name = name
            self._bytes = None
            self._show()

    def bytes(self, name: str, total: int):
        """Start a byte bar of ``total`` bytes; returns the function to call with each
        number of bytes done."""
        with self._lock:
            self.name = name
            self._bytes = [total, 0]
            self._show()

        def advance(n: int) -> None:
            with self._lock:
                if self._bytes is not None:
                    self._bytes[1] += n
                    self._show()
        return advance

    def close(self) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None
        with self._lock:
            if self.shown and self.enabled:  # wipe the line
                try:
                    self.file.write("\r" + " " * self._last + "\r")
                    self.file.flush()
                except (OSError, ValueError):
                    pass

    # --- drawing (under the lock) ------------------------------------------------------

    def _run(self) -> None:
        if self._done.wait(self.delay):
            return
        while True:
            with self._lock:
                if self._done.is_set():
                    return
                self._show(force=True)
            if self._done.wait(REFRESH):
                return

    def _show(self, force: bool = False) -> None:
        if not self.enabled or self._done.is_set():
            return
        if not self.shown:
            if not force:
                return  # not yet DELAY seconds: the background thread draws the first line
            import shutil

            # a terminal that reports no width (a bare pseudo-terminal) still gets a line
            self._width = max(shutil.get_terminal_size(fallback=(80, 24)).columns or 80, 40) - 1
            self.shown = True
        elapsed = int(time.monotonic() - self._start)
        text = f"ctoc-kg {self.command}: {self.name}"
        if self._bytes is not None:
            total, done = self._bytes
            text += f" {_size(done)} / {_size(total)} ({100 * done // max(total, 1)} %)"
        text += f" [{elapsed // 60}:{elapsed % 60:02d}]"
        self._line(text)

    def _line(self, text: str) -> None:
        text = text[: self._width]
        try:
            self.file.write("\r" + text.ljust(self._last) if self._last else "\r" + text)
            self.file.flush()
        except (OSError, ValueError):  # the terminal went away: stop drawing
            self.enabled = False
        self._last = len(text)


def _size(n: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"


def open_in_stages(progress: Progress, files, *, include_ontology: bool, inferred: bool):
    """``open.open_for_writing``, naming each stage on ``progress``."""
    from ctoc_kg.open import open_for_writing

    return open_for_writing(files, include_ontology=include_ontology, inferred=inferred,
                            stage=progress.stage)
