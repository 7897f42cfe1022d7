"""The ``jkannotate`` command: a thin typer face over :mod:`jkannotate.project`.

Heavy libraries (spaCy, Qt) are imported by the commands that need them, so
``jkannotate --help`` stays fast. Every command runs inside one error boundary
(:mod:`jkannotate.commands.boundary`): any failure is one line on stderr and a
non-zero exit status; an unexpected one also logs its traceback to a file.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

# importing a command module registers its commands on the app
from jkannotate.commands import (  # noqa: F401
    corpus,
    gui,
    history,
    interchange,
    layers,
    review,
    suggest,
    team,
    train,
)
from jkannotate.commands._app import app
from jkannotate.commands.boundary import (
    escape_control,
    is_usage_error,
    unexpected_error_line,
    usage_error_line,
    write_line,
)
from jkannotate.core.errors import JkError

EXIT_ERROR = 1
EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit status: 0, 1 for a refused input, 2 for a usage error."""
    args = [str(a) for a in (sys.argv[1:] if argv is None else argv)]
    try:
        result = app(args=args, prog_name="jkannotate", standalone_mode=False)
    except JkError as error:
        write_line(f"jkannotate: {escape_control(error)}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        write_line("jkannotate: interrupted; nothing partial was written")
        return 130
    except SystemExit as exit_:
        return int(exit_.code or 0) if isinstance(exit_.code, int | None) else EXIT_ERROR
    except Exception as error:
        if is_usage_error(error):
            write_line(usage_error_line(error))
            return int(getattr(error, "exit_code", EXIT_USAGE) or EXIT_USAGE)
        if type(error).__name__ == "Abort":  # click's answer to Ctrl+C/EOF in a prompt
            write_line("jkannotate: aborted; nothing partial was written")
            return EXIT_ERROR
        write_line(unexpected_error_line(error, args))
        return EXIT_ERROR
    # standalone_mode=False returns the exit code of ctx.exit() (e.g. after --help)
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
