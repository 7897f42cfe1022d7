"""The project memory in long jobs and scripts: turning it on or off, and suggesting texts
with a project's current model and memory (``suggest FILE --jsonl --db DB``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from jkannotate.nlp.memory import revise_suggestions
from jkannotate.nlp.suggestion import Suggestion
from jkannotate.project import MEMORY_SETTING

if TYPE_CHECKING:
    from jkannotate.nlp import Suggester
    from jkannotate.project import Project


def set_memory(project: Project, enabled: bool) -> None:
    """Whether new annotator layers get memory suggestions (kept as a project setting)."""
    project.set_setting(MEMORY_SETTING, "on" if enabled else "off")


def with_memory(project: Project, text: str, suggestion: Suggestion) -> Suggestion:
    """``suggestion`` revised by what people decided in the project."""
    if not project.memory_enabled():
        return suggestion
    spans, arguments, tags = revise_suggestions(
        project.memory(), text, suggestion.spans, suggestion.arguments, suggestion.tags
    )
    return Suggestion(spans=spans, arguments=arguments, tags=tags)


def suggest_texts(
    project: Project, texts: Sequence[str], suggester: Suggester
) -> list[Suggestion]:
    """Suggestions for texts outside the project, as the project would make them."""
    return [
        with_memory(project, text, suggestion)
        for text, suggestion in zip(texts, suggester.suggest(texts), strict=True)
    ]
