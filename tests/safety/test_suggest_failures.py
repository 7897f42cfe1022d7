"""One document the pipeline fails on never stops ``suggest`` for the others."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from jkannotate.core.model import AnnotatedDocument, Document
from jkannotate.nlp import Suggester
from jkannotate.operations.suggest import suggest_documents
from jkannotate.project import Project
from tests.safety.conftest import documents

POISON = "This article makes the pipeline raise."


@Language.component("jk_test_raise_on_poison")
def raise_on_poison(doc: Doc) -> Doc:
    if "pipeline raise" in doc.text:
        raise ValueError("[E088] Text of length 1000001 exceeds maximum of 1000000.")
    return doc


def failing_suggester(rules: Suggester) -> Suggester:
    nlp = spacy.blank("en")
    nlp.add_pipe("jk_test_raise_on_poison")
    for name in rules.nlp.pipe_names:  # the rule components, after the one that fails
        nlp.add_pipe(name, source=rules.nlp)
    return Suggester(nlp, "failing-test")


def test_a_failing_document_is_skipped_and_reported(tmp_path: Path, rules: Suggester) -> None:
    with Project.open(tmp_path / "p.db") as project:
        good = project.import_documents(documents(40)).added
        bad = project.import_documents([AnnotatedDocument(Document(POISON))]).added[0]
        summary = suggest_documents(project, suggester=failing_suggester(rules))

        assert summary.failed == [bad]
        assert summary.suggested == 40
        assert "1 failed and skipped" in summary.line()
        assert any(w.startswith(f"document {bad} skipped: [E088]") for w in summary.warnings)
        for doc_id in good:
            layer = project.layer(doc_id, "suggestion")
            assert layer is not None and layer.spans
        assert project.layer(bad, "suggestion") is None
        # the failed one is retried on the next run; the others are up to date
        again = suggest_documents(project, suggester=failing_suggester(rules))
        assert again.failed == [bad] and again.suggested == 0 and again.skipped == 40
