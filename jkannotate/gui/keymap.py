"""The user's keymap: a TOML file in the user config dir that changes any action's keys.

``keys.toml`` (``$JKANNOTATE_KEYMAP``, else ``<config dir>/jkannotate/keys.toml``)::

    [keys]
    accept = ["Return", "Space"]   # one key or a list
    reject = "Backspace"
    "label.PERSON" = "H"
    review_mode = []               # no key at all

Names are those of the window's action table (the template written by "Keymap file…"
lists them all). A bad file (a syntax error, an unknown action, a key Qt cannot read, one
key given to two actions) is refused as a whole with a one-line message, and the window
runs with the default keys; nothing is lost.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QKeySequence

from jkannotate.gui.actions import ActionSpec


def keymap_path() -> Path:
    override = os.environ.get("JKANNOTATE_KEYMAP")
    if override:
        return Path(override)
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    return Path(base or Path.home() / ".config") / "jkannotate" / "keys.toml"


class KeymapError(ValueError):
    """A keymap file that cannot be used, said in one line."""


def _sequence(text: str, name: str, path: Path) -> str:
    sequence = QKeySequence(text)
    if not text.strip() or sequence.isEmpty() or sequence.toString() == "":
        raise KeymapError(f"{path}: {name!r}: {text!r} is not a key Qt knows (e.g. 'Ctrl+K')")
    return sequence.toString()


def read_keymap(path: Path, specs: list[ActionSpec]) -> dict[str, tuple[str, ...]]:
    """The keys the file gives, by action name; :class:`KeymapError` for a bad file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise KeymapError(f"{path}: not valid TOML ({error})") from None
    except (OSError, UnicodeDecodeError) as error:
        raise KeymapError(f"{path}: cannot be read ({error})") from None
    table = data.get("keys", {})
    if not isinstance(table, dict) or set(data) - {"keys"}:
        raise KeymapError(f"{path}: put the keys under one [keys] table")
    known = {spec.name for spec in specs}
    result: dict[str, tuple[str, ...]] = {}
    for name, value in table.items():
        if name not in known:
            close = sorted(n for n in known if n.split(".")[-1].lower() == name.lower())
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise KeymapError(f"{path}: no action called {name!r}{hint}")
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise KeymapError(f"{path}: {name!r} takes a key or a list of keys")
        result[name] = tuple(_sequence(v, name, path) for v in values)
    return result


def apply_keymap(specs: list[ActionSpec], keys: dict[str, tuple[str, ...]]) -> list[ActionSpec]:
    """The specs with the keymap's keys; :class:`KeymapError` when two actions share one."""
    changed = [replace(s, shortcuts=keys[s.name]) if s.name in keys else s for s in specs]
    owner: dict[str, str] = {}
    for spec in changed:
        for key in spec.shortcuts:
            normal = QKeySequence(key).toString()
            if normal in owner and owner[normal] != spec.name and (
                spec.name in keys or owner[normal] in keys
            ):
                raise KeymapError(
                    f"keymap: {normal!r} would be both {owner[normal]!r} and {spec.name!r}"
                )
            owner.setdefault(normal, spec.name)
    return changed


def load_keymap(specs: list[ActionSpec], path: Path | None = None) -> tuple[list[ActionSpec], str]:
    """The specs with the user's keymap, and a message ("" when all went well or there is
    no file); a bad file leaves the defaults."""
    path = path or keymap_path()
    if not path.is_file():
        return specs, ""
    try:
        return apply_keymap(specs, read_keymap(path, specs)), f"Keys from {path}."
    except KeymapError as error:
        return specs, f"Keymap not used, default keys instead: {error}"


def template(specs: list[ActionSpec]) -> str:
    """A keymap file listing every action with its current keys, commented out."""
    lines = [
        "# jkannotate keymap: uncomment a line and change its keys; restart the window.",
        "# A key is what Qt writes: 'Ctrl+Shift+K', 'Alt+Down', 'F5', 'E, G' (two strokes).",
        "[keys]",
    ]
    for spec in specs:
        keys = ", ".join(f'"{k}"' for k in spec.shortcuts)
        lines.append(f'# "{spec.name}" = [{keys}]  # {spec.text}')
    return "\n".join(lines) + "\n"
