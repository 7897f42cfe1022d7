"""The suggestion pipeline: spaCy rules from ``resources/`` over an optional statistical model.

Importing this package does not import spaCy; :class:`Suggester` loads it on first use::

    from jkannotate.nlp import Suggester, suggestion_json
    suggester = Suggester.load()            # best installed en_core_web_* or rules only
    for text, suggestion in zip(texts, suggester.suggest(texts)):
        print(suggestion_json("doc", text, suggestion))
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jkannotate.nlp.suggestion import Suggestion, suggestion_json

if TYPE_CHECKING:
    from jkannotate.nlp.suggester import Suggester

__all__ = ["Suggester", "Suggestion", "suggestion_json"]


def __getattr__(name: str) -> Any:
    if name == "Suggester":
        from jkannotate.nlp.suggester import Suggester

        return Suggester
    raise AttributeError(f"module 'jkannotate.nlp' has no attribute {name!r}")
