"""The window's action table: every menu item, toolbar button and shortcut, in one list
that also feeds the help overlay."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence

from jkannotate.gui.actions import ActionSpec, label_specs

if TYPE_CHECKING:
    from jkannotate.gui.main_window import MainWindow


def review_specs(w: MainWindow) -> list[ActionSpec]:
    """Review mode: compare annotators, take or reject their versions, comment, finish."""
    r = w.review
    s = ActionSpec
    return [
        s("review_mode", "Review mode", ("Ctrl+R",), r.toggle, "Review", "Review", True, True),
        s("next_version", "Next disagreement", ("J", "]"), lambda: r.step(1), "Review", "Review"),
        s(
            "previous_version",
            "Previous disagreement",
            ("K", "["),
            lambda: r.step(-1),
            "Review",
            "Review",
        ),
        s("take", "Take this version into gold", ("T",), r.take, "Review", "Review"),
        s("reject_version", "Reject this version", ("Shift+X",), r.reject, "Review", "Review"),
        s("comment", "Comment…", ("C",), r.start_comment, "Review", "Review"),
        s(
            "reviewed_next",
            "Gold reviewed → next disagreement",
            ("Ctrl+Shift+D",),
            r.reviewed_and_next,
            "Review",
            "Review",
        ),
        s("dashboard", "Dashboard", ("Ctrl+B",), w.show_dashboard, "Review", "Review"),
    ]


def window_actions(w: MainWindow) -> list[ActionSpec]:
    """Annotation, navigation, editing, view, project jobs, review, then the label keys."""
    e = w.editor
    jobs = w.jobs
    s = ActionSpec
    specs = [
        s("next", "Next suggestion", ("Tab",), e.next_pending, "Annotate", "Move", True),
        s(
            "previous",
            "Previous suggestion",
            ("Shift+Tab", "Backtab"),
            lambda: e.next_pending(backwards=True),
            "Annotate",
            "Move",
        ),
        s("accept", "Accept", ("Return", "Enter", "A"), e.accept, "Annotate", "Decide", True),
        s("reject", "Reject", ("X", "Delete"), e.reject, "Annotate", "Decide", True),
        s(
            "accept_all",
            "Accept all",
            ("Ctrl+Return", "Ctrl+Enter"),
            e.accept_all,
            "Annotate",
            "Decide",
            True,
        ),
        s(
            "accept_all_tags",
            "Accept all suggested tags",
            ("Ctrl+Shift+Return", "Ctrl+Shift+Enter"),
            e.accept_all_tags,
            "Annotate",
            "Decide",
        ),
        s(
            "label_all_same",
            "Label every occurrence of this text",
            ("Ctrl+Shift+L",),
            e.label_all_same,
            "Annotate",
            "Decide",
            tip="The current span's label, accepted, wherever its text occurs in the document.",
        ),
        s(
            "reject_all_same",
            "Reject every occurrence of this text",
            ("Ctrl+Shift+X",),
            e.reject_all_same,
            "Annotate",
            "Decide",
        ),
        s(
            "done_accepts_shown",
            "Done accepts what is shown",
            (),
            w.set_done_accepts_shown,
            "Annotate",
            "Documents",
            checkable=True,
            tip="Prodigy's way: Done accepts pending spans and rejects unticked tags, unasked.",
        ),
        s(
            "grow_end",
            "Grow end by a word",
            ("Alt+Right",),
            lambda: e.resize("end", True),
            "Annotate",
            "Span boundaries",
        ),
        s(
            "shrink_end",
            "Shrink end by a word",
            ("Alt+Left",),
            lambda: e.resize("end", False),
            "Annotate",
            "Span boundaries",
        ),
        s(
            "grow_start",
            "Grow start by a word",
            ("Alt+Shift+Left",),
            lambda: e.resize("start", True),
            "Annotate",
            "Span boundaries",
        ),
        s(
            "shrink_start",
            "Shrink start by a word",
            ("Alt+Shift+Right",),
            lambda: e.resize("start", False),
            "Annotate",
            "Span boundaries",
        ),
        s(
            "done_next",
            "Done → next",
            ("Ctrl+D",),
            w.done_and_next,
            "Annotate",
            "Documents",
            True,
        ),
        s(
            "next_doc",
            "Next document",
            ("Ctrl+PgDown",),
            lambda: w.step_document(1),
            "Go",
            "Documents",
        ),
        s(
            "prev_doc",
            "Previous document",
            ("Ctrl+PgUp",),
            lambda: w.step_document(-1),
            "Go",
            "Documents",
        ),
        s(
            "search",
            "Search the queue",
            ("Ctrl+F",),
            w.queue.search.setFocus,
            "Go",
            "Documents",
        ),
        s(
            "find",
            "Find in document",
            ("/", "Ctrl+Shift+F"),
            w.find_in_document,
            "Go",
            "Find and jump",
        ),
        s("find_next", "Find next", ("F3",), lambda: w.find_again(1), "Go", "Find and jump"),
        s(
            "find_previous",
            "Find previous",
            ("Shift+F3",),
            lambda: w.find_again(-1),
            "Go",
            "Find and jump",
        ),
        s(
            "next_same_label",
            "Next span of this label",
            ("Alt+Down",),
            e.next_same_label,
            "Go",
            "Find and jump",
        ),
        s(
            "previous_same_label",
            "Previous span of this label",
            ("Alt+Up",),
            lambda: e.next_same_label(backwards=True),
            "Go",
            "Find and jump",
        ),
        s(
            "next_low_confidence",
            "Next low-confidence suggestion",
            ("Ctrl+L",),
            e.next_low_confidence,
            "Go",
            "Find and jump",
        ),
        s(
            "undo",
            "Undo",
            (QKeySequence(QKeySequence.StandardKey.Undo).toString(),),
            w.undo,
            "Edit",
            "Edit",
            True,
        ),
        s("redo", "Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), w.redo, "Edit", "Edit", True),
        s("reload", "Reload document", ("F5",), w.reload, "Edit", "Edit"),
        s(
            "show_rejected",
            "Show rejected",
            ("Ctrl+H",),
            w.toggle_rejected,
            "View",
            "View",
            True,
            True,
        ),
        *(
            s(
                f"theme_{name}",
                f"{name.capitalize()} theme",
                (),
                lambda n=name: w.set_theme(n),
                "View",
                "View",
                checkable=True,
            )
            for name in ("light", "dark", "system")
        ),
        s(
            "group_by_actor",
            "Group spans by actor",
            ("Ctrl+Shift+G",),
            lambda: w.side.spans.group_by_actor(w.actions_by_name["group_by_actor"].isChecked()),
            "View",
            "View",
            checkable=True,
        ),
        s("bigger", "Larger text", ("Ctrl+=", "Ctrl++"), lambda: w.zoom(1), "View", "View"),
        s("event_timeline", "Event timeline", ("Ctrl+Shift+E",), w.toggle_timeline, "View",
          "View"),
        s("link_actor", "Link to actor…", ("Ctrl+K",), w.link_actor, "Annotate", "Edit"),
        s("smaller", "Smaller text", ("Ctrl+-",), lambda: w.zoom(-1), "View", "View"),
        s(
            "help",
            "Shortcuts",
            ("?", "Shift+?", "F1"),
            lambda: w.help.toggle(),
            "Help",
            "View",
            True,
        ),
        s("keymap", "Keymap file…", (), w.open_keymap, "Help", "View"),
        s("import", "Import articles…", ("Ctrl+O",), jobs.import_articles, "File", "Project"),
        s(
            "import_annotations",
            "Import annotations…",
            ("Ctrl+Shift+O",),
            jobs.import_annotations,
            "File",
            "Project",
        ),
        s("suggest", "Re-suggest…", ("Ctrl+Shift+S",), jobs.resuggest, "File", "Project"),
        s("export", "Export…", ("Ctrl+E",), jobs.export, "File", "Project"),
        s("train", "Train model…", ("Ctrl+Shift+T",), jobs.train, "File", "Project"),
        s("quit", "Quit", ("Ctrl+Q",), w.close, "File", "Project"),
    ]
    return (
        specs
        + review_specs(w)
        + label_specs(w.project.schema, e.label_key, e.tag_key, e.link_role)
    )
