"""Helper processes of an import: when one pays, how one starts and stops, and the two ends
of its pipe (an :class:`Outbox` in the child, an :class:`Inbox` in the caller).

Both ends move whole messages on threads of their own, so neither side's work waits for
the other's reading; and the caller never blocks in a read: a child stopped or killed in
the middle of a message (a message of rows is larger than a pipe holds) leaves the
caller with a timeout, not a hang.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import signal
import threading
import warnings
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

MIN_IDLE_CORES = 0.5
"""Idle cores (:func:`idle_cores`) from which a child signs (or shares the parsing, for
an import). Half a core suffices: whatever the child has not done when the caller would
wait the caller does itself, so both work to the end. Measured for the signing child on 2
cores with other work running (5,000 articles, median of 6 alternated imports, child
against here): nothing else busy 0.87 against 1.15 s, a process busy half the time 1.02
against 1.13 s, one always busy 1.12 against 1.15 s (even)."""


def start_child(child: BaseProcess, sender: Connection, receiver: Connection) -> Inbox | None:
    """Start a helper process that sends on ``sender`` (closed here once the child has it)
    with Ctrl+C blocked until it ignores it (it inherits the mask), and give the caller
    its messages. None, ``receiver`` closed, when no child can be had (e.g. a spawned
    one's main module starts an import itself): the caller then does the work itself."""
    blocked = hasattr(signal, "pthread_sigmask")
    if blocked:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns of fork with other threads running (the window imports
            # on one): a lock another thread held would stay held in the child. The
            # children take none (they read files, run numpy on their own arrays, write
            # to their pipe); should one ever hang, the caller stops waiting for it
            warnings.simplefilter("ignore", DeprecationWarning)
            child.start()
    except (OSError, RuntimeError):
        receiver.close()
        return None
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
        sender.close()
    return Inbox(receiver)


def stop_child(child: BaseProcess | None, inbox: Inbox | None) -> None:
    """Stop a helper process (if it is still working), wait until it is gone, and let its
    inbox go."""
    if child is not None:
        if child.exitcode is None:
            child.terminate()
            child.join(1.0)
        if child.exitcode is None:  # stopped (SIGTERM waits for it to go on)
            child.kill()
        child.join()
        child.close()
    if inbox is not None:
        inbox.close()


class Inbox:
    """A child's messages, received whole by a thread as they arrive. The caller takes only
    whole messages (:meth:`get` with a timeout), never blocking in a read that a child
    stopped halfway through a message would never finish. The thread owns the receiving
    end and closes it once the child's end is closed (the child ended or was killed)."""

    def __init__(self, receiver: Connection) -> None:
        self._queue: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._ended = False  # the end was taken: nothing more will come
        self._thread = threading.Thread(
            target=self._receive, args=(receiver,), name="receive", daemon=True
        )
        self._thread.start()

    def _receive(self, receiver: Connection) -> None:
        try:
            while True:
                self._queue.put(receiver.recv_bytes())
        except (EOFError, OSError):  # the child's end is closed
            pass
        finally:
            receiver.close()
            self._queue.put(None)

    def ready(self) -> bool:
        """A whole message (or the end) is there to get."""
        return not self._ended and not self._queue.empty()

    def get(self, seconds: float) -> bytes | None:
        """The next message, or None: the child's end was closed after its last message,
        or no whole message came within ``seconds`` (the child is stuck or gone)."""
        if self._ended:
            return None
        try:
            data = self._queue.get(timeout=seconds)
        except queue.Empty:
            return None
        if data is None:
            self._ended = True
        return data

    def close(self, seconds: float = 1.0) -> None:
        """Wait up to ``seconds`` for the thread to end (it ends once the child's end is
        closed; should another process still hold it, the thread ends with that one)."""
        self._ended = True
        self._thread.join(seconds)


class Outbox:
    """Messages on their way to the parent: a thread sends them as the pipe takes them,
    so the child works on while the parent is busy elsewhere (a pipe holds only a few
    batches: a child sending them itself waited, and the parent signed half of them)."""

    def __init__(self, sender: Connection) -> None:
        self._sender = sender
        self._queue: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self.broken = False  # the parent stopped listening (it ended or was killed)
        self._thread = threading.Thread(target=self._send, name="send", daemon=True)
        self._thread.start()

    def _send(self) -> None:
        try:
            while (data := self._queue.get()) is not None:
                self._sender.send_bytes(data)
        except OSError:  # BrokenPipeError, ConnectionResetError: nobody to send to
            self.broken = True

    def put(self, data: bytes) -> None:
        self._queue.put(data)

    def close(self) -> None:
        """Wait until everything is sent (or the parent is gone)."""
        self._queue.put(None)
        self._thread.join()


def child_setup(receiver: Connection) -> None:
    """What a helper process does first: ignore Ctrl+C, keep the parent's objects
    unfinalised, and close the parent's end (so that sending fails once the parent is
    gone)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    gc.disable()  # nothing of the parent's (its database connections) is finalised here
    receiver.close()


def usable_cores() -> int:
    """The cores this process may run on (a child on the same single core gains nothing)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def idle_cores() -> float:
    """Cores nobody else is using (this process counted as busy): a child on a machine
    whose cores are all taken waits for its turns, and its start and copied pages then
    cost more than it saves (measured: 40–90 ms slower at every size under a load of 3–5
    on 2 cores). Where the load is not known, every other core counts as idle."""
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        return usable_cores() - 1.0
    return usable_cores() - max(load, 1.0)


def start_method() -> str:
    """``fork`` where it is the platform's default (Linux: a child starts in milliseconds
    and shares the texts); elsewhere the default (``spawn`` on Windows and macOS)."""
    method = multiprocessing.get_start_method(allow_none=True)
    if method is None:
        method = multiprocessing.get_context().get_start_method()
    return method
