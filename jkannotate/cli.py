"""The ``jkannotate`` command: a thin typer face over :mod:`jkannotate.project`.

Heavy libraries (spaCy, Qt) are imported by the commands that need them, so
``jkannotate --help`` stays fast.
"""

from __future__ import annotations

import sys

# importing a command module registers its commands on the app
from jkannotate.commands import (  # noqa: F401
    corpus,
    gui,
    history,
    interchange,
    review,
    suggest,
    team,
    train,
)
from jkannotate.commands._app import app
from jkannotate.core.errors import JkError


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; a :class:`JkError` becomes one line on stderr and exit status 1."""
    try:
        app(args=argv, prog_name="jkannotate", standalone_mode=False)
    except JkError as error:
        sys.stderr.write(f"jkannotate: {error}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("jkannotate: interrupted; nothing partial was written\n")
        return 130
    except SystemExit as exit_:
        return int(exit_.code or 0) if isinstance(exit_.code, int | None) else 1
    except Exception as error:  # click usage errors and the like
        from click import ClickException

        if isinstance(error, ClickException):
            error.show()
            return error.exit_code
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
