"""Dialogs that set up a long job (export, import of annotations, re-suggest, train) and the
summary shown when one finishes. They only collect choices; the jobs run in workers."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from jkannotate.formats import FORMATS


@dataclass(slots=True)
class ExportChoice:
    out: str
    fmt: str
    layer: str | None  # None: gold where it exists, else the only annotator
    status: str
    split: float | None


@dataclass(slots=True)
class TrainChoice:
    out_dir: str
    layer: str | None
    max_steps: int
    min_docs: int | None = None  # None: TrainOptions' own minimums
    min_examples: int | None = None


def _path_row(edit: QLineEdit, pick) -> QWidget:  # type: ignore[no-untyped-def]
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    button = QPushButton("Choose…")
    button.clicked.connect(pick)
    row.addWidget(edit, 1)
    row.addWidget(button)
    return holder


def _layer_combo(layers: list[str], default_text: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem(default_text, None)
    for name in layers:
        combo.addItem(name, name)
    return combo


class _Form(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)


class ExportDialog(_Form):
    def __init__(self, layers: list[str], parent: QWidget | None = None) -> None:
        super().__init__("Export annotations", parent)
        self.fmt = QComboBox()
        for name, chosen in FORMATS.items():
            self.fmt.addItem(f"{name} — {chosen.description}", name)
        self.layer = _layer_combo(layers, "gold, else the only annotator")
        self.status = QComboBox()
        for value, text in (("done", "done or reviewed"), ("reviewed", "reviewed"), ("any", "any")):
            self.status.addItem(text, value)
        self.split_on = QCheckBox("train/dev split")
        self.split = QDoubleSpinBox()
        self.split.setRange(0.05, 0.95)
        self.split.setSingleStep(0.05)
        self.split.setValue(0.8)
        self.split.setEnabled(False)
        self.split_on.toggled.connect(self.split.setEnabled)
        split_row = QWidget()
        row = QHBoxLayout(split_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.split_on)
        row.addWidget(self.split)
        self.out = QLineEdit()
        self.form.addRow("Format", self.fmt)
        self.form.addRow("Layer", self.layer)
        self.form.addRow("Status", self.status)
        self.form.addRow("Split", split_row)
        self.form.addRow("Write to", _path_row(self.out, self._pick))

    def _pick(self) -> None:
        fmt = self.fmt.currentData()
        if fmt == "brat":
            path = QFileDialog.getExistingDirectory(self, "Export folder")
        else:
            suffix = FORMATS[fmt].suffix
            path, _ = QFileDialog.getSaveFileName(self, "Export to", f"export{suffix}")
        if path:
            self.out.setText(path)

    def choice(self) -> ExportChoice:
        return ExportChoice(
            self.out.text().strip(),
            self.fmt.currentData(),
            self.layer.currentData(),
            self.status.currentData(),
            self.split.value() if self.split_on.isChecked() else None,
        )


class ImportAnnotationsDialog(_Form):
    """Annotated files of another tool (or project JSONL) into my layer or gold."""

    def __init__(self, paths: list[str], user: str, parent: QWidget | None = None) -> None:
        super().__init__("Import annotations", parent)
        self.paths = paths
        self.fmt = QComboBox()
        for name, chosen in FORMATS.items():
            if chosen.read is not None:
                self.fmt.addItem(f"{name} — {chosen.description}", name)
        self.layer = QComboBox()
        self.layer.addItem(f"my layer ({user})", None)
        self.layer.addItem("gold", "gold")
        self.form.addRow("Files", QLabel(f"{len(paths)} chosen"))
        self.form.addRow("Format", self.fmt)
        self.form.addRow("As layer", self.layer)


class ResuggestDialog(_Form):
    """Which model suggests: the project's current one, the rules only, or a directory."""

    def __init__(self, current: str | None, parent: QWidget | None = None) -> None:
        super().__init__("Re-suggest annotations", parent)
        self.model = QComboBox()
        self.model.addItem(f"project's current model ({current or 'default rules'})", None)
        if current:
            self.model.addItem("default rules (this run only)", "")
        self.model.addItem("a model directory…", "dir")
        self.model.currentIndexChanged.connect(self._changed)
        self.directory = QLineEdit()
        self.directory.setEnabled(False)
        self.force = QCheckBox("also documents whose suggestions are current")
        self.form.addRow("Model", self.model)
        self.form.addRow("Directory", _path_row(self.directory, self._pick))
        self.form.addRow("", self.force)
        note = QLabel("Accepted, rejected and your own spans are never touched.")
        note.setObjectName("docMeta")
        self.form.addRow("", note)

    def _changed(self) -> None:
        self.directory.setEnabled(self.model.currentData() == "dir")

    def _pick(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Model directory")
        if path:
            self.directory.setText(path)
            self.model.setCurrentIndex(self.model.findData("dir"))

    def model_choice(self) -> str | None:
        """None: the project's current model; "": the default; else a directory."""
        data = self.model.currentData()
        return self.directory.text().strip() or None if data == "dir" else data


class TrainDialog(_Form):
    def __init__(self, layers: list[str], parent: QWidget | None = None) -> None:
        super().__init__("Train model", parent)
        self.out = QLineEdit()
        self.layer = _layer_combo(layers, "gold, else the only annotator")
        self.steps = QSpinBox()
        self.steps.setRange(10, 100_000)
        self.steps.setValue(1000)
        self.form.addRow("Model folder", _path_row(self.out, self._pick))
        self.form.addRow("Train on", self.layer)
        self.form.addRow("Max steps", self.steps)

    def _pick(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Model folder (empty or an earlier model)")
        if path:
            self.out.setText(path)

    def choice(self) -> TrainChoice:
        return TrainChoice(self.out.text().strip(), self.layer.currentData(), self.steps.value())


class SummaryDialog(QDialog):
    """What a finished job did, in words: files, documents, spans per label, problems."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(620, 360)
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit(text)
        self.text.setReadOnly(True)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        buttons.accepted.connect(self.close)
        layout.addWidget(buttons)
