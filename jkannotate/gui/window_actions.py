"""The window's action table: every menu item, toolbar button and shortcut, in one list
that also feeds the help overlay and the user's keymap.

Each entry names its fields: the stable ``name`` (the keymap's and ``actions_by_name``'s key),
the menu ``text``, default ``shortcuts``, the ``handler``, the ``menu`` it sits in and the
help overlay's ``section``; ``toolbar``, ``checkable`` and ``tip`` where they apply. Order
matters: menus, the toolbar and the help overlay list entries as they come here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QKeySequence

from jkannotate.gui.actions import ActionSpec, label_specs

if TYPE_CHECKING:
    from jkannotate.gui.editing import Editor
    from jkannotate.gui.help_overlay import HelpOverlay
    from jkannotate.gui.long_jobs import LongJobs
    from jkannotate.gui.review_mode import ReviewMode
    from jkannotate.project import Project


class ActionHost(Protocol):
    """What the table's handlers reach: the window's parts and commands, nothing else."""

    @property
    def project(self) -> Project: ...
    @property
    def editor(self) -> Editor: ...
    @property
    def jobs(self) -> LongJobs: ...
    @property
    def review(self) -> ReviewMode: ...
    @property
    def help(self) -> HelpOverlay: ...

    def close(self) -> bool: ...
    def done_and_next(self) -> None: ...
    def step_document(self, step: int) -> None: ...
    def find_in_document(self) -> None: ...
    def find_again(self, step: int) -> None: ...
    def undo(self) -> None: ...
    def redo(self) -> None: ...
    def reload(self) -> None: ...
    def set_done_accepts_shown(self) -> None: ...
    def toggle_rejected(self) -> None: ...
    def toggle_group_by_actor(self) -> None: ...
    def search_queue(self) -> None: ...
    def set_theme(self, choice: str) -> None: ...
    def zoom(self, step: int) -> None: ...
    def toggle_timeline(self) -> None: ...
    def link_actor(self) -> None: ...
    def open_keymap(self) -> None: ...
    def show_dashboard(self) -> None: ...


def review_specs(w: ActionHost) -> list[ActionSpec]:
    """Review mode: compare annotators, take or reject their versions, comment, finish."""
    r = w.review
    return [
        ActionSpec(
            name="review_mode", text="Review mode",
            shortcuts=("Ctrl+R",), handler=r.toggle,
            menu="Review", section="Review", toolbar=True, checkable=True,
        ),
        ActionSpec(
            name="next_version", text="Next disagreement",
            shortcuts=("J", "]"), handler=lambda: r.step(1),
            menu="Review", section="Review",
        ),
        ActionSpec(
            name="previous_version", text="Previous disagreement",
            shortcuts=("K", "["), handler=lambda: r.step(-1),
            menu="Review", section="Review",
        ),
        ActionSpec(
            name="take", text="Take this version into gold",
            shortcuts=("T",), handler=r.take,
            menu="Review", section="Review",
        ),
        ActionSpec(
            name="reject_version", text="Reject this version",
            shortcuts=("Shift+X",), handler=r.reject,
            menu="Review", section="Review",
        ),
        ActionSpec(
            name="comment", text="Comment…",
            shortcuts=("C",), handler=r.start_comment,
            menu="Review", section="Review",
        ),
        ActionSpec(
            name="reviewed_next", text="Gold reviewed → next disagreement",
            shortcuts=("Ctrl+Shift+D",), handler=r.reviewed_and_next,
            menu="Review", section="Review",
        ),
        ActionSpec(
            name="dashboard", text="Dashboard",
            shortcuts=("Ctrl+B",), handler=w.show_dashboard,
            menu="Review", section="Review",
        ),
    ]


def window_actions(w: ActionHost) -> list[ActionSpec]:
    """Annotation, navigation, editing, view, project jobs, review, then the label keys."""
    e = w.editor
    jobs = w.jobs

    specs = [
        ActionSpec(
            name="next", text="Next suggestion",
            shortcuts=("Tab",), handler=e.next_pending,
            menu="Annotate", section="Move", toolbar=True,
        ),
        ActionSpec(
            name="previous", text="Previous suggestion",
            shortcuts=("Shift+Tab", "Backtab"), handler=lambda: e.next_pending(backwards=True),
            menu="Annotate", section="Move",
        ),
        ActionSpec(
            name="accept", text="Accept",
            shortcuts=("Return", "Enter", "A"), handler=e.accept,
            menu="Annotate", section="Decide", toolbar=True,
        ),
        ActionSpec(
            name="reject", text="Reject",
            shortcuts=("X", "Delete"), handler=e.reject,
            menu="Annotate", section="Decide", toolbar=True,
        ),
        ActionSpec(
            name="accept_all", text="Accept all",
            shortcuts=("Ctrl+Return", "Ctrl+Enter"), handler=e.accept_all,
            menu="Annotate", section="Decide", toolbar=True,
        ),
        ActionSpec(
            name="accept_all_tags", text="Accept all suggested tags",
            shortcuts=("Ctrl+Shift+Return", "Ctrl+Shift+Enter"), handler=e.accept_all_tags,
            menu="Annotate", section="Decide",
        ),
        ActionSpec(
            name="label_all_same", text="Label every occurrence of this text",
            shortcuts=("Ctrl+Shift+L",), handler=e.label_all_same,
            menu="Annotate", section="Decide",
            tip="The current span's label, accepted, wherever its text occurs in the document.",
        ),
        ActionSpec(
            name="reject_all_same", text="Reject every occurrence of this text",
            shortcuts=("Ctrl+Shift+X",), handler=e.reject_all_same,
            menu="Annotate", section="Decide",
        ),
        ActionSpec(
            name="done_accepts_shown", text="Done accepts what is shown",
            shortcuts=(), handler=w.set_done_accepts_shown,
            menu="Annotate", section="Documents", checkable=True,
            tip="Prodigy's way: Done accepts pending spans and rejects unticked tags, unasked.",
        ),
        ActionSpec(
            name="grow_end", text="Grow end by a word",
            shortcuts=("Alt+Right",), handler=lambda: e.resize("end", True),
            menu="Annotate", section="Span boundaries",
        ),
        ActionSpec(
            name="shrink_end", text="Shrink end by a word",
            shortcuts=("Alt+Left",), handler=lambda: e.resize("end", False),
            menu="Annotate", section="Span boundaries",
        ),
        ActionSpec(
            name="grow_start", text="Grow start by a word",
            shortcuts=("Alt+Shift+Left",), handler=lambda: e.resize("start", True),
            menu="Annotate", section="Span boundaries",
        ),
        ActionSpec(
            name="shrink_start", text="Shrink start by a word",
            shortcuts=("Alt+Shift+Right",), handler=lambda: e.resize("start", False),
            menu="Annotate", section="Span boundaries",
        ),
        ActionSpec(
            name="done_next", text="Done → next",
            shortcuts=("Ctrl+D",), handler=w.done_and_next,
            menu="Annotate", section="Documents", toolbar=True,
        ),
        ActionSpec(
            name="next_doc", text="Next document",
            shortcuts=("Ctrl+PgDown",), handler=lambda: w.step_document(1),
            menu="Go", section="Documents",
        ),
        ActionSpec(
            name="prev_doc", text="Previous document",
            shortcuts=("Ctrl+PgUp",), handler=lambda: w.step_document(-1),
            menu="Go", section="Documents",
        ),
        ActionSpec(
            name="search", text="Search the queue",
            shortcuts=("Ctrl+F",), handler=w.search_queue,
            menu="Go", section="Documents",
        ),
        ActionSpec(
            name="find", text="Find in document",
            shortcuts=("/", "Ctrl+Shift+F"), handler=w.find_in_document,
            menu="Go", section="Find and jump",
        ),
        ActionSpec(
            name="find_next", text="Find next",
            shortcuts=("F3",), handler=lambda: w.find_again(1),
            menu="Go", section="Find and jump",
        ),
        ActionSpec(
            name="find_previous", text="Find previous",
            shortcuts=("Shift+F3",), handler=lambda: w.find_again(-1),
            menu="Go", section="Find and jump",
        ),
        ActionSpec(
            name="next_same_label", text="Next span of this label",
            shortcuts=("Alt+Down",), handler=e.next_same_label,
            menu="Go", section="Find and jump",
        ),
        ActionSpec(
            name="previous_same_label", text="Previous span of this label",
            shortcuts=("Alt+Up",), handler=lambda: e.next_same_label(backwards=True),
            menu="Go", section="Find and jump",
        ),
        ActionSpec(
            name="next_low_confidence", text="Next low-confidence suggestion",
            shortcuts=("Ctrl+L",), handler=e.next_low_confidence,
            menu="Go", section="Find and jump",
        ),
        ActionSpec(
            name="undo", text="Undo",
            shortcuts=(QKeySequence(QKeySequence.StandardKey.Undo).toString(),), handler=w.undo,
            menu="Edit", section="Edit", toolbar=True,
        ),
        ActionSpec(
            name="redo", text="Redo",
            shortcuts=("Ctrl+Shift+Z", "Ctrl+Y"), handler=w.redo,
            menu="Edit", section="Edit", toolbar=True,
        ),
        ActionSpec(
            name="reload", text="Reload document",
            shortcuts=("F5",), handler=w.reload,
            menu="Edit", section="Edit",
        ),
        ActionSpec(
            name="show_rejected", text="Show rejected",
            shortcuts=("Ctrl+H",), handler=w.toggle_rejected,
            menu="View", section="View", toolbar=True, checkable=True,
        ),
        *(
            ActionSpec(
                name=f"theme_{name}", text=f"{name.capitalize()} theme",
                shortcuts=(), handler=lambda n=name: w.set_theme(n),
                menu="View", section="View", checkable=True,
            )
            for name in ("light", "dark", "system")
        ),
        ActionSpec(
            name="group_by_actor", text="Group spans by actor",
            shortcuts=("Ctrl+Shift+G",),
            handler=w.toggle_group_by_actor,
            menu="View", section="View", checkable=True,
        ),
        ActionSpec(
            name="bigger", text="Larger text",
            shortcuts=("Ctrl+=", "Ctrl++"), handler=lambda: w.zoom(1),
            menu="View", section="View",
        ),
        ActionSpec(
            name="event_timeline", text="Event timeline",
            shortcuts=("Ctrl+Shift+E",), handler=w.toggle_timeline,
            menu="View", section="View",
        ),
        ActionSpec(
            name="link_actor", text="Link to actor…",
            shortcuts=("Ctrl+K",), handler=w.link_actor,
            menu="Annotate", section="Edit",
        ),
        ActionSpec(
            name="smaller", text="Smaller text",
            shortcuts=("Ctrl+-",), handler=lambda: w.zoom(-1),
            menu="View", section="View",
        ),
        ActionSpec(
            name="help", text="Shortcuts",
            shortcuts=("?", "Shift+?", "F1"), handler=lambda: w.help.toggle(),
            menu="Help", section="View", toolbar=True,
        ),
        ActionSpec(
            name="keymap", text="Keymap file…",
            shortcuts=(), handler=w.open_keymap,
            menu="Help", section="View",
        ),
        ActionSpec(
            name="import", text="Import articles…",
            shortcuts=("Ctrl+O",), handler=jobs.import_articles,
            menu="File", section="Project",
        ),
        ActionSpec(
            name="import_annotations", text="Import annotations…",
            shortcuts=("Ctrl+Shift+O",), handler=jobs.import_annotations,
            menu="File", section="Project",
        ),
        ActionSpec(
            name="suggest", text="Re-suggest…",
            shortcuts=("Ctrl+Shift+S",), handler=jobs.resuggest,
            menu="File", section="Project",
        ),
        ActionSpec(
            name="export", text="Export…",
            shortcuts=("Ctrl+E",), handler=jobs.export,
            menu="File", section="Project",
        ),
        ActionSpec(
            name="train", text="Train model…",
            shortcuts=("Ctrl+Shift+T",), handler=jobs.train,
            menu="File", section="Project",
        ),
        ActionSpec(
            name="quit", text="Quit",
            shortcuts=("Ctrl+Q",), handler=w.close,
            menu="File", section="Project",
        ),
    ]
    return (
        specs
        + review_specs(w)
        + label_specs(w.project.schema, e.label_key, e.tag_key, e.link_role)
    )
