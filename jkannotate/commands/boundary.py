"""The one error boundary every command runs inside, and escaping of untrusted text.

Whatever goes wrong becomes one line on stderr; an unexpected error's traceback goes to
``jkannotate.log`` in the user's log directory (``appdirs.user_log_dir``), never to the
terminal. Text read from files or the database (titles, names, file names) is printed
escaped: no terminal control sequences, no rich markup, no line breaks.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

LOG_NAME = "jkannotate.log"
# C0 and C1 controls, DEL, and the line/paragraph separators a terminal would obey
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_ARGS_SHOWN = 6


def escape_control(text: object) -> str:
    """``text`` with every control character written as a visible escape (``\\n``, ``\\x1b``)."""

    def visible(match: re.Match[str]) -> str:
        char = match.group()
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char) or (
            f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")

    return _CONTROL.sub(visible, str(text))


def log_dir() -> Path:
    import appdirs

    return Path(appdirs.user_log_dir("jkannotate"))


def log_traceback(error: BaseException, argv: Sequence[str]) -> Path | None:
    """Append the traceback with the command line to the log file; its path, or None."""
    path = log_dir() / LOG_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8", errors="backslashreplace") as stream:
            stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            stream.write(f"--- {stamp} jkannotate {' '.join(map(repr, argv))}\n")
            stream.write("".join(traceback.format_exception(error)))
    except OSError:
        return None
    return path


def command_line(argv: Sequence[str]) -> str:
    """The command and its first arguments, as the error line names them."""
    shown = [escape_control(a) for a in argv[:_ARGS_SHOWN]]
    return " ".join(["jkannotate", *shown, *(["…"] if len(argv) > _ARGS_SHOWN else [])])


def unexpected_error_line(error: BaseException, argv: Sequence[str]) -> str:
    """One line for an error nobody anticipated: what failed, on what, and where the details are."""
    where = log_traceback(error, argv)
    reason = escape_control(str(error).strip().splitlines()[0] if str(error).strip() else "")
    filename = getattr(error, "filename", None)
    if filename and str(filename) not in reason:
        reason = f"{escape_control(filename)}: {reason}"
    detail = f" (traceback in {escape_control(where)})" if where else ""
    kind = type(error).__name__
    return f"jkannotate: {command_line(argv)} failed: {kind}: {reason[:300]}{detail}"


def is_usage_error(error: BaseException) -> bool:
    """A click usage error, from click itself or from the copy typer vendors (``typer._click``)."""
    return any(cls.__name__ == "ClickException" for cls in type(error).__mro__)


def usage_error_line(error: BaseException) -> str:
    """click's message on one line, with the command path and a pointer to ``--help``."""
    message = error.format_message()  # type: ignore[attr-defined]
    ctx = getattr(error, "ctx", None)
    path = getattr(ctx, "command_path", None) or "jkannotate"
    hint = f" (see '{path} --help')" if getattr(error, "exit_code", 1) == 2 else ""
    return f"{path}: {escape_control(message)}{hint}"


def write_line(line: str) -> None:
    sys.stderr.write(line + "\n")
