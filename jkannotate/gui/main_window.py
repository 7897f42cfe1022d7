"""The annotation window: queue | article | side panels, wired to one :class:`EditSession`."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from jkannotate.core import edits as ed
from jkannotate.core.model import GOLD_OWNER, State
from jkannotate.gui.actions import install
from jkannotate.gui.article_pane import ArticlePane
from jkannotate.gui.article_view import ARTICLE_POINTS
from jkannotate.gui.connection_status import ConnectionStatus
from jkannotate.gui.done_dialog import DoneChoice, done_dialog
from jkannotate.gui.editing import Editor
from jkannotate.gui.find_bar import FindBar
from jkannotate.gui.fonts import missing_font_message
from jkannotate.gui.help_overlay import HelpOverlay
from jkannotate.gui.keyed_dialog import KeyedDialog
from jkannotate.gui.keymap import keymap_path, load_keymap, template
from jkannotate.gui.long_jobs import LongJobs
from jkannotate.gui.queue_panel import QueuePanel
from jkannotate.gui.review_mode import ReviewMode
from jkannotate.gui.session import EditSession
from jkannotate.gui.side_panel import SidePanel
from jkannotate.gui.status import StatusLine
from jkannotate.gui.theme import THEME_CHOICES, choose_theme, current_theme
from jkannotate.gui.window_actions import window_actions
from jkannotate.gui.window_model import WindowModel
from jkannotate.operations.queue import next_unfinished
from jkannotate.project import Changes, Project


class MainWindow(QMainWindow):
    """The window on a project. Built without one (``opening`` names the project being
    opened, ``preparing`` what is done first) it shows only where it will be and what it
    is opening, so it can be painted before the project is opened; :meth:`attach` then
    builds the rest."""

    project: Project

    def __init__(
        self,
        project: Project | None = None,
        settings: QSettings | None = None,
        *,
        read_only: bool = False,
        opening: str = "",
        preparing: str = "",
    ) -> None:
        super().__init__()
        self.settings = settings or QSettings("jkannotate", "jkannotate")
        self.attached = False
        if project is not None:
            self.attach(project, read_only=read_only)
            return
        self.setWindowTitle(f"jkannotate — {opening}" if opening else "jkannotate")
        waiting = QLabel((f"Opening {opening}…" if opening else "Opening the project…")
                         + (f"\n{preparing}" if preparing else ""))
        waiting.setObjectName("openingLabel")
        waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(waiting)
        self._restore_geometry()

    def attach(self, project: Project, *, read_only: bool = False) -> None:
        """Build the window's parts on the opened ``project`` (once)."""
        if self.attached:
            raise RuntimeError("a window shows one project")
        self.attached = True
        self.project = project
        self.setWindowTitle(f"jkannotate — {project.display_url.split('/')[-1]} — {project.user}")
        self.session = EditSession(project, self, read_only=read_only)
        self.model = WindowModel(self)
        self.queue = QueuePanel(project)
        self.pane = ArticlePane(project.schema)
        self.view = self.pane.view
        self.side = SidePanel(project.schema, self.model)
        self.status = StatusLine(self.statusBar(), project, self.model)
        self.editor = Editor(self.session, self.view, self.model.say)
        self.review = ReviewMode(project, self.model, self.session)
        self.jobs = LongJobs(project, self, self.model.say, self.after_job)
        self.dashboard = None  # DashboardWindow, made on first use
        self.right = QStackedWidget()
        self.right.addWidget(self.side)
        self.right.addWidget(self.review.panel)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.queue)
        splitter.addWidget(self.pane)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(0, 1)  # a narrow window takes from all three
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 1)
        splitter.setSizes([360, 760, 340])
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        self.setCentralWidget(splitter)
        self.toolbar = QToolBar("Annotate")
        self.toolbar.setObjectName("annotateToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(self.toolbar)
        self.specs, keymap_message = load_keymap(window_actions(self))
        self.actions_by_name = install(self, self.specs, self.toolbar)
        self.help = HelpOverlay(self, self.specs)
        self.done_dialog: KeyedDialog | None = None
        self._font_warning = False  # the status line shows a missing-font warning
        accepts_shown = self.settings.value("done_accepts_shown", False)
        self.actions_by_name["done_accepts_shown"].blockSignals(True)
        self.actions_by_name["done_accepts_shown"].setChecked(str(accepts_shown).lower() == "true")
        self.actions_by_name["done_accepts_shown"].blockSignals(False)
        self.set_theme(str(self.settings.value("theme", "system")), remember=False)
        self._queue_rows_to_refresh: set[int] = set()
        self._queue_refresh = QTimer(self, singleShot=True, interval=120)
        self._queue_refresh.timeout.connect(self._refresh_queue_rows)
        self._connect()
        self.connection = ConnectionStatus(  # offline edits kept, replayed, reported
            self, self.session, self.model, self.queue
        )
        self._restore()
        self.model.counts_changed.emit()  # my progress in the status line
        if keymap_message.startswith("Keymap not used"):
            self.model.say(keymap_message)

    # the action table ------------------------------------------------------------

    def _connect(self) -> None:
        self.queue.document_chosen.connect(self.open_document)
        self.session.changed.connect(self.on_changes)
        self.session.failed.connect(self.model.say)
        self.session.conflict.connect(self.model.conflict)
        self.session.saving.connect(self.model.saving)
        self.model.conflict.connect(self.pane.show_banner)
        self.session.history_changed.connect(self._history_changed)
        self._history_changed(self.session.can_undo, self.session.can_redo)
        self.view.current_changed.connect(self.model.current_changed)
        self.model.current_changed.connect(self.editor.remember_event)
        self.model.current_changed.connect(self._current_changed)
        self.pane.reload_requested.connect(self.reload)
        self.side.tags.toggled.connect(self.editor.toggle_tag)
        self.side.tags.evidence_clicked.connect(self._show_evidence)
        self.side.spans.span_chosen.connect(lambda uid: self.view.set_current(uid))
        self.queue.leave.connect(self.focus_article)
        self.pane.find.found.connect(self._show_found)
        self.pane.find.closed.connect(self.focus_article)
        self.help.closed.connect(self.focus_article)
        self.side.notes.notes_changed.connect(self._save_notes)
        self.model.open_requested.connect(self.open_document)
        self.model.mode_changed.connect(self._show_review_mode)
        self.model.document_stored.connect(self.queue.model.refresh_document)
        self.model.span_requested.connect(self._show_span)
        self.model.marks_changed.connect(self.view.viewport().update)
        self.model.focus_requested.connect(self.focus_article)

    # documents -------------------------------------------------------------------

    def open_document(self, doc_id: int) -> None:
        self.model.leaving.emit()  # notes typed are saved with the document they belong to
        if self.connection.defer_open(doc_id):  # after the kept edits being sent
            return
        try:
            self.review.prepare(doc_id)
            self.session.open(doc_id, self.review.layer_owner())
        except Exception as error:  # noqa: BLE001 — shown, not raised into Qt
            self.model.say(f"cannot open document {doc_id}: {error}")
            return
        document, layer = self.session.document, self.session.layer
        assert document is not None and layer is not None
        self.pane.show_document(document, layer)
        self.model.layer_opened.emit(document, layer)
        self.editor.anchor_event = ""
        self.queue.select_document(doc_id)
        self.settings.setValue("last_document", doc_id)
        fonts = missing_font_message(f"{document.title}\n{document.text}")
        if fonts or self._font_warning:  # say it, or take back the last article's warning
            self.model.say(fonts)
        self._font_warning = bool(fonts)
        self.view.setFocus()
        first = self.editor.first_pending()
        if first:
            self.view.set_current(first, scroll=False)
        self.model.document_opened.emit(doc_id)

    def _show_review_mode(self, active: bool, writes_gold: bool) -> None:
        """Review mode's look: the versions marked over the text, the review panel on the
        right (widened for its table), the toolbar button in step, and the queue listing
        gold's status and open versions while the reviewer writes gold."""
        self.view.overlay = self.review.marks if active else None
        self.right.setCurrentWidget(self.review.panel if active else self.side)
        sizes = self.splitter.sizes()
        if active and sizes[2] < 420 and sizes[1] > 600:  # room for the versions table
            self.splitter.setSizes([sizes[0], sizes[1] - (420 - sizes[2]), 420])
        action = self.actions_by_name.get("review_mode")
        if action is not None and action.isChecked() != active:
            action.blockSignals(True)
            action.setChecked(active)
            action.blockSignals(False)
        self.queue.show_layer(GOLD_OWNER if writes_gold else None)

    def _show_span(self, uid: str, start: int, end: int) -> None:
        """A part asked to show a span: current (scroll only to ``start``..``end`` when
        given, code points) and repainted."""
        view = self.view
        view.set_current(uid, scroll=False)
        if start >= 0 and end >= 0:
            view.scroll_to(view.index.utf16.to_utf16(start), view.index.utf16.to_utf16(end))
        view.viewport().update()

    def focus_article(self) -> None:
        """Keys go to the article again (after an overlay, a dialog or a banner)."""
        self.activateWindow()
        self.view.setFocus()

    def current_document_id(self) -> int | None:
        document = self.session.document
        return document.id if document is not None else None

    def reload(self) -> None:
        doc_id = self.current_document_id()
        if doc_id is not None:
            self.pane.hide_banner()
            self.open_document(doc_id)
            self.model.say("Reloaded from the database.")

    def done_and_next(self) -> None:
        """Mark done and open the next unfinished document; undecided suggestions are asked
        about unless the setting "Done accepts what is shown" (Prodigy's way) is on."""
        doc_id = self.current_document_id()
        if doc_id is None:
            return
        spans, tags = self.editor.undecided()
        if not spans and not tags:
            self._finish(doc_id, None)
        elif self.actions_by_name["done_accepts_shown"].isChecked():
            self._finish(doc_id, State.ACCEPTED)
        else:
            self.done_dialog = done_dialog(self, spans, tags)
            self.done_dialog.chosen.connect(lambda choice: self._done_chosen(doc_id, choice))
            self.done_dialog.finished.connect(lambda _result: self.focus_article())
            self.done_dialog.open()

    def _done_chosen(self, doc_id: int, choice: DoneChoice) -> None:
        if self.current_document_id() != doc_id:
            return
        if choice is DoneChoice.GO_TO_FIRST:
            first = self.editor.first_pending()
            if first:
                self.view.set_current(first)
            else:
                self.model.say("Only issue tags are undecided: tick or untick them (number keys).")
        elif choice is DoneChoice.ACCEPT_REST:
            self._finish(doc_id, State.ACCEPTED)
        elif choice is DoneChoice.REJECT_REST:
            self._finish(doc_id, State.REJECTED)

    def set_done_accepts_shown(self) -> None:
        checked = self.actions_by_name["done_accepts_shown"].isChecked()
        self.settings.setValue("done_accepts_shown", checked)
        self.model.say(
            "Done now accepts the suggested spans shown (unticked tags are rejected)."
            if checked
            else "Done now asks about undecided suggestions."
        )

    def _finish(self, doc_id: int, rest: State | None) -> None:
        if not self.editor.mark_done(rest):
            return
        self.view.setFocus()
        if self.connection.offline:  # the queue cannot be read: stay on this document
            return
        following = next_unfinished(self.project, doc_id)
        if following is None:
            self.model.say("All documents are done.")
            return
        self.open_document(following)

    def step_document(self, step: int) -> None:
        model = self.queue.model
        doc_id = self.current_document_id()
        row = model.row_of(doc_id) if doc_id is not None else None
        target = 0 if row is None else row + step
        while target >= model.rowCount() and model.canFetchMore():
            model.fetchMore()
        if 0 <= target < model.rowCount():
            self.open_document(model.document_id(target))

    # changes: repaint only what changed ---------------------------------------------

    def on_changes(self, changes: Changes) -> None:
        layer = self.session.layer
        if layer is None:
            return
        uids = changes.span_uids
        spans = {s.uid: s for s in layer.spans} if uids else {}
        self.view.spans_changed(list(uids), spans)
        if any(
            isinstance(e, ed.AddArgument | ed.RemoveArgument | ed.RemoveSpan)
            for e in [*changes.edits]
        ):
            self.view.set_arguments(layer.arguments)
        self._queue_rows_to_refresh.add(changes.document_id)
        self._queue_refresh.start()  # off the edit's critical path, coalesced
        self.model.layer_changed.emit(changes)  # the side panel, status line, review mode
        if changes.status_changed and not self.connection.offline:
            self.model.counts_changed.emit()

    def _refresh_queue_rows(self) -> None:
        if self.connection.offline:  # kept for the next change once the server is back
            return
        for doc_id in sorted(self._queue_rows_to_refresh):
            self.queue.model.refresh_document(doc_id)
        self._queue_rows_to_refresh.clear()

    def _current_changed(self, uid: str) -> None:
        from jkannotate.gui.actor_link import describe

        if getattr(self, "link_label", None) is None:  # the current span's actor or DATE value
            self.link_label = QLabel()
            self.statusBar().addPermanentWidget(self.link_label)
        self.link_label.setText(describe(self.session.span(uid)) if uid else "")

    def link_actor(self) -> None:
        """Link the current span to an actor of the knowledge base (type-ahead), or mark it
        as not in it; one undoable edit."""
        from jkannotate.core import edits as ed
        from jkannotate.gui.actor_link import ActorLinkDialog

        span = self.session.span(self.view.current_uid)
        document = self.session.document
        if span is None or document is None:
            self.model.say("Select a span to link it to an actor")
            return
        dialog = ActorLinkDialog(document.text[span.start:span.end], span.kb_id, parent=self)
        if dialog.exec() and dialog.chosen != span.kb_id:
            self.session.run("Link to actor", lambda layer: self.project.apply(
                layer, [ed.UpdateSpan.of(span.uid, kb_id=dialog.chosen)]))

    def _show_evidence(self, start: int, end: int) -> None:
        self.view.select_code_points(start, end)
        self.view.ensureCursorVisible()
        self.view.setFocus()

    def find_in_document(self) -> None:
        document = self.session.document
        if document is not None:
            self.pane.find.open_bar(document.text)

    def find_again(self, step: int) -> None:
        if not self.pane.find.matches:
            self.find_in_document()
            return
        self.pane.find.step(step)

    def _show_found(self, start: int, end: int) -> None:
        self.view.select_code_points(start, end)
        self.view.ensureCursorVisible()

    def _save_notes(self, text: str) -> None:
        self.session.apply_edits([ed.SetNotes(text)])

    # edit / view ------------------------------------------------------------------

    def undo(self) -> None:
        """Undo this annotator's latest edit of the document, from the project's edit log
        (so it works after the window was closed and reopened)."""
        if self._history_waits():
            return
        if not self.session.can_undo:
            self.model.say("Nothing to undo in this document.")
            return
        text = self.session.undo()
        if text is not None:
            self.model.say(f"Undid: {text}")

    def redo(self) -> None:
        if self._history_waits():
            return
        if not self.session.can_redo:
            self.model.say("Nothing to redo in this document.")
            return
        text = self.session.redo()
        if text is not None:
            self.model.say(f"Redid: {text}")

    def _history_waits(self) -> bool:
        """Undo and redo read the edit log on the server: not while edits are kept."""
        if not self.connection.offline:
            return False
        self.model.say("Undo and redo wait until the kept edits are saved on the server.")
        return True

    def _history_changed(self, can_undo: bool, can_redo: bool) -> None:
        self.actions_by_name["undo"].setEnabled(can_undo)
        self.actions_by_name["redo"].setEnabled(can_redo)

    def toggle_rejected(self) -> None:
        self.view.set_show_rejected(self.actions_by_name["show_rejected"].isChecked())

    def toggle_group_by_actor(self) -> None:
        self.side.spans.group_by_actor(self.actions_by_name["group_by_actor"].isChecked())

    def search_queue(self) -> None:
        self.queue.search.setFocus()

    def set_theme(self, choice: str, *, remember: bool = True) -> None:
        """Light, dark or the system's: the whole application and the article follow."""
        app = QApplication.instance()
        theme = choose_theme(app, choice) if app is not None else current_theme()  # type: ignore[arg-type]
        self.view.set_theme(theme)
        self.view.viewport().update()
        for name in THEME_CHOICES:
            action = self.actions_by_name.get(f"theme_{name}")
            if action is not None:
                action.blockSignals(True)
                action.setChecked(name == choice)
                action.blockSignals(False)
        if remember:
            self.settings.setValue("theme", choice)

    def open_keymap(self) -> None:
        """Write the keymap template if there is no keymap file yet, and say where it is."""
        path = keymap_path()
        if not path.exists():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(template(self.specs), encoding="utf-8")
            except OSError as error:
                self.model.say(f"cannot write {path}: {error}")
                return
            self.model.say(f"Wrote {path}: change keys there, then restart the window.")
            return
        self.model.say(f"Your keymap is {path}: change keys there, then restart the window.")

    def zoom(self, step: int) -> None:
        """Larger or smaller text: the article, and the queue and side panels with it."""
        size = self.view.font().pointSizeF() + step
        self.view.set_font_size(size)
        self._scale_panels()
        self.settings.setValue("font_size", self.view.font().pointSizeF())

    def _scale_panels(self) -> None:
        """Every widget of the queue and side panels, the article's title and the find bar
        at its own size times the zoom (the style sheet stops a parent's font from reaching
        its children, so each is set)."""
        factor = self.view.font().pointSizeF() / ARTICLE_POINTS
        widgets: list[QWidget] = [self.pane.title, self.pane.meta, self.pane.banner_text]
        for panel in (self.queue, self.right, *self.pane.findChildren(FindBar)):
            widgets += [panel, *panel.findChildren(QWidget)]
        for widget in widgets:
            base = widget.property("unzoomed_points")
            if base is None:
                base = widget.font().pointSizeF()
                widget.setProperty("unzoomed_points", base)
            if float(base) <= 0:  # sized in pixels: left as it is
                continue
            font = widget.font()
            font.setPointSizeF(max(6.0, float(base) * factor))
            widget.setFont(font)
        self.queue.set_zoom(factor)  # its rows and columns for the new font
        self.side.spans.set_zoom(factor)

    # long jobs ------------------------------------------------------------------

    def after_job(self) -> None:
        """A job changed the project: refresh the queue, the progress and the open document."""
        self.queue.model.refresh()
        self.model.counts_changed.emit()
        doc_id = self.current_document_id()
        if doc_id is not None:
            self.open_document(doc_id)

    def show_dashboard(self) -> None:
        from jkannotate.gui.dashboard_window import DashboardWindow

        if self.dashboard is None:
            self.dashboard = DashboardWindow(self.project, self)
        else:
            self.dashboard.refresh()
        self.dashboard.show()
        self.dashboard.raise_()

    def toggle_timeline(self) -> None:
        """Show (building it on first use) or hide the event timeline dock."""
        from jkannotate.gui.timeline_dock import TimelineDock

        if getattr(self, "timeline_dock", None) is None:
            self.timeline_dock = TimelineDock(self.project, self)
            self.timeline_dock.document_chosen.connect(self.open_document)
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.timeline_dock)
            self.timeline_dock.show()
            return
        if self.timeline_dock.isVisible():
            self.timeline_dock.hide()
        else:
            self.timeline_dock.refresh()
            self.timeline_dock.show()

    # settings ---------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1460, 900)

    def _restore(self) -> None:
        if not self.isVisible():  # else shown while the project opened: left where it is
            self._restore_geometry()
        state = self.settings.value("splitter")
        if state is not None:
            self.splitter.restoreState(state)
        size = self.settings.value("font_size")
        if size is not None:
            self.view.set_font_size(float(size))
            self._scale_panels()

    def last_document(self) -> int | None:
        value = self.settings.value("last_document")
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.attached:  # closed while the project was opening: nothing to keep
            super().closeEvent(event)
            return
        self.model.leaving.emit()  # nothing typed is lost
        if not self.connection.may_close(event):  # edits kept offline: say so first
            return
        self.connection.stop()
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("splitter", self.splitter.saveState())
        self.settings.sync()
        super().closeEvent(event)
