"""What one file may cost to ingest, and how an ingest is stopped at a safe point.

A file that passes the size check can still ask for unbounded work: 2,000 blank scanned pages
to OCR, 50 MiB of text to embed, a DOCX that unpacks to gigabytes of XML. Each such cost has a
budget here; a file over one is rejected with a message that names the budget and how to
raise it, and the index is left as it was. Budgets are plain values passed down from the
command line or the app, never read from the environment inside the pipeline.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields

MIB = 1024 * 1024


@dataclass(frozen=True)
class Budget:
    """Per-file limits; the defaults fit the largest real papers seen (a 400-page budget plan)."""

    ocr_pages: int = 100  # scanned pages sent to tesseract (~3 s a page on 2 cores)
    chars: int = 1_000_000  # characters of extracted text (~400 dense pages; bounds embedding)
    unpacked_mb: int = 64  # DOCX parts unpacked / HTML markup parsed, MiB
    memory_mb: int = 1536  # resident memory of the process that parses the file, MiB
    seconds: float = 600.0  # wall time to read and parse the file, and again to embed it

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not value > 0:
                raise ValueError(f"budget {f.name} must be positive, got {value!r}")


DEFAULT_BUDGET = Budget()


class Cancelled(Exception):
    """The ingest was asked to stop (cancel button, SIGTERM) and stopped at a safe point:
    nothing of the interrupted run was committed, the index is as it was before it."""


class CancelToken:
    """Set from another thread or a signal handler; the pipeline checks it between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self.reason = "cancelled"

    def cancel(self, reason: str = "cancelled") -> None:
        self.reason = reason
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise ``Cancelled`` if a stop was asked for; call only where stopping is safe."""
        if self._event.is_set():
            raise Cancelled(self.reason)


@contextlib.contextmanager
def cancel_on_signals(
    token: CancelToken, signals: tuple[signal.Signals, ...] = (signal.SIGTERM, signal.SIGINT)
) -> Iterator[list[signal.Signals]]:
    """Turn ``signals`` into a cancel of ``token`` while the block runs, so a SIGTERM (a service
    stop) or Ctrl-C ends a long ingest at its next safe point instead of mid-write.

    Yields the list of signals received, for the exit status (128 + the signal's number). The
    previous handlers are back when the block ends. Outside the main thread, where Python
    cannot install handlers, nothing is installed."""
    received: list[signal.Signals] = []

    def handler(signum: int, _frame: object) -> None:
        received.append(signal.Signals(signum))
        token.cancel(f"stopped by {signal.Signals(signum).name}")

    if threading.current_thread() is not threading.main_thread():
        yield received
        return
    previous = {s: signal.signal(s, handler) for s in signals}
    try:
        yield received
    finally:
        for s, old_handler in previous.items():
            signal.signal(s, old_handler)


# Command-line flag, allowed range and help per budget field. The ranges keep a typo from
# turning a budget off (0) or below what a real paper needs; the upper ends are far beyond
# any council paper, not limits of the code.
FLAGS: dict[str, tuple[str, float, float, str]] = {
    "ocr_pages": ("--max-ocr-pages", 1, 10_000, "scanned pages of one PDF to OCR"),
    "chars": ("--max-chars", 1_000, 100_000_000, "characters of text of one file"),
    "unpacked_mb": ("--max-unpacked-mb", 1, 16_384, "MiB of DOCX parts unpacked or of HTML markup"),
    "memory_mb": ("--max-memory-mb", 128, 65_536, "MiB of memory to read and parse one file"),
    "seconds": ("--max-seconds", 1, 86_400, "seconds to read and parse one file, and again to embed it"),
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``--max-*`` options, each checked against its range when the command line is read."""
    for name, (flag, low, high, what) in FLAGS.items():
        default = getattr(DEFAULT_BUDGET, name)
        parser.add_argument(
            flag,
            dest=f"budget_{name}",
            type=_in_range(low, high, integer=isinstance(default, int)),
            default=default,
            metavar="N",
            help=f"{what} (default {_show(default)}; {_show(low)} to {_show(high)})",
        )


def from_args(args: argparse.Namespace) -> Budget:
    """The budget ``add_arguments``' options asked for (each the default where not given)."""
    return Budget(**{name: getattr(args, f"budget_{name}") for name in FLAGS})


def _in_range(low: float, high: float, *, integer: bool) -> Callable[[str], float]:
    """An argparse type: argparse puts the flag before the message ("argument --max-chars: ...")."""
    kind = "a whole number" if integer else "a number"

    def parse(text: str) -> float:
        try:
            value = int(text) if integer else float(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be {kind} from {_show(low)} to {_show(high)}, got {text!r}")
        return value

    return parse


def _show(value: float) -> str:
    return f"{value:,}" if float(value).is_integer() and abs(value) >= 1000 else f"{value:g}"
