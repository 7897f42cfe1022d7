"""The one table of actions: menus, toolbar, shortcuts and the help overlay all come from it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from jkannotate.core.schema import LabelSchema

# US-layout characters for Shift+digit, so "Shift+1" also matches the "!" key event
_SHIFTED_DIGITS = dict(zip("1234567890", "!@#$%^&*()", strict=True))


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """One row of the action table; built with keyword arguments so each entry reads alone."""

    name: str  # stable identifier: window.actions_by_name[name], the keymap file's key
    text: str  # menu text and help-overlay description
    shortcuts: tuple[str, ...]  # default keys; the user's keymap may replace them
    handler: Callable[[], None]
    menu: str  # top-level menu title
    section: str  # heading in the help overlay
    toolbar: bool = False  # also a toolbar button
    checkable: bool = False  # a toggle: the handler runs on every change of state
    tip: str = ""  # status-bar tip (the label's guideline for label keys)


def key_variants(key: str) -> tuple[str, ...]:
    """A schema key and the same key as layouts deliver it (``Shift+1`` is also ``!``)."""
    if key.startswith("Shift+") and key[-1] in _SHIFTED_DIGITS:
        symbol = _SHIFTED_DIGITS[key[-1]]
        return (key, symbol, f"Shift+{symbol}")
    return (key,)


def label_specs(
    schema: LabelSchema,
    on_label: Callable[[str, bool], None],
    on_tag: Callable[[str], None],
    on_role: Callable[[str], None],
) -> list[ActionSpec]:
    """Actions generated from the label scheme: entity, event, role and issue keys."""
    specs: list[ActionSpec] = []
    for label in schema.labels:
        if not label.key:
            continue
        if label.kind.value == "entity":
            specs.append(
                ActionSpec(
                    name=f"label.{label.name}", text=f"Label {label.name}",
                    shortcuts=(label.key,), handler=lambda n=label.name: on_label(n, False),
                    menu="Labels", section="Entity labels",
                    tip=label.guideline,
                )
            )
            specs.append(
                ActionSpec(
                    name=f"exact.{label.name}", text=f"Label {label.name}, exact characters",
                    shortcuts=(f"Shift+{label.key}",),
                    handler=lambda n=label.name: on_label(n, True),
                    menu="Labels", section="Exact characters (no snapping)",
                )
            )
        elif label.kind.value == "event":
            specs.append(
                ActionSpec(
                    name=f"event.{label.name}", text=f"Event {label.name}",
                    shortcuts=(f"E, {label.key}",), handler=lambda n=label.name: on_label(n, False),
                    menu="Labels", section="Event triggers (E, then key)",
                    tip=label.guideline,
                )
            )
        else:
            specs.append(
                ActionSpec(
                    name=f"tag.{label.name}", text=f"Issue {label.name}",
                    shortcuts=key_variants(label.key), handler=lambda n=label.name: on_tag(n),
                    menu="Tags", section="Issue tags (toggle)",
                    tip=label.guideline,
                )
            )
    for role, key in schema.roles.items():
        if key:
            specs.append(
                ActionSpec(
                    name=f"role.{role}", text=f"Link as {role}",
                    shortcuts=(f"R, {key}",), handler=lambda r=role: on_role(r),
                    menu="Labels", section="Event arguments (R, then role key)",
                )
            )
    return specs


def install(window: QMainWindow, specs: list[ActionSpec], toolbar: QToolBar) -> dict[str, QAction]:
    """Create the QActions, put them in menus and the toolbar, and return them by name."""
    menus: dict[str, QMenu] = {}
    actions: dict[str, QAction] = {}
    for spec in specs:
        action = QAction(spec.text, window)
        action.setObjectName(spec.name)
        action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
        action.setCheckable(spec.checkable)
        if spec.tip:
            action.setStatusTip(spec.tip[:160])
        if spec.checkable:
            action.toggled.connect(lambda _checked, h=spec.handler: h())
        else:
            action.triggered.connect(lambda _checked=False, h=spec.handler: h())
        menu = menus.get(spec.menu)
        if menu is None:
            menu = menus[spec.menu] = window.menuBar().addMenu(spec.menu)
        menu.addAction(action)
        window.addAction(action)  # shortcuts work wherever focus is in the window
        if spec.toolbar:
            toolbar.addAction(action)
        actions[spec.name] = action
    return actions


def help_rows(specs: list[ActionSpec]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section, [(keys, what)]) in table order, for the help overlay."""
    sections: dict[str, list[tuple[str, str]]] = {}
    for spec in specs:
        if not spec.shortcuts:
            continue
        keys = " / ".join(
            QKeySequence(s).toString(QKeySequence.SequenceFormat.NativeText) for s in spec.shortcuts
        )
        sections.setdefault(spec.section, []).append((keys, spec.text))
    return list(sections.items())
