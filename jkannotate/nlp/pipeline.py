"""Building the suggestion pipeline: an optional statistical model plus the rule components.

Never downloads and never raises for a missing model: it falls back to ``spacy.blank("en")``
and says so in the returned warnings.
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from jkannotate.nlp import (  # noqa: F401  (register factories)
    entity_rules,
    events,
    issue_tags,
    model_layer,
)

PREFERRED_MODELS = ("en_core_web_trf", "en_core_web_lg", "en_core_web_md", "en_core_web_sm")
SPAN_COMPONENTS = ("spancat", "spancat_singlelabel")
CAT_COMPONENTS = ("textcat_multilabel", "textcat")


APOSTROPHE_LOOKALIKES = "´`′‘"  # typed for an apostrophe before a possessive s


def split_lookalike_possessives(nlp: Language) -> None:
    """Tokenise "Yoon´s", "Korea`s" like "Yoon's": the name, then the possessive."""
    chars = APOSTROPHE_LOOKALIKES
    suffixes = list(nlp.Defaults.suffixes or []) + [rf"(?<=\w)[{chars}][sS]", rf"(?<=\w)[{chars}]"]
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search


@Language.component("jk_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and captions carry no final full stop."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def model_id(nlp: Language) -> str:
    """``en_core_web_sm-3.8.0``: the model's package name and version, as sources name it."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}-{meta.get('version', '0.0.0')}"


def _looks_like_path(model: str) -> bool:
    return any(sep in model for sep in ("/", "\\")) or model.startswith(".") or Path(model).exists()


def load_statistical(model: str | None) -> tuple[Language | None, list[str]]:
    """The requested (or best installed) spaCy pipeline, or None plus a one-line warning."""
    if model is None:
        for name in PREFERRED_MODELS:
            if spacy.util.is_package(name):
                try:
                    return spacy.load(name), []
                except Exception as error:  # a broken install must not stop suggesting
                    return None, [f"model '{name}' cannot be loaded ({_reason(error)}); "
                                  "using the rule-based suggester"]
        return None, []
    if _looks_like_path(model):
        path = Path(model)
        if not path.is_dir():
            return None, [f"model directory '{model}' does not exist; "
                          "using the rule-based suggester"]
        try:
            return spacy.load(path), []
        except Exception as error:
            return None, [f"model directory '{model}' is not a spaCy pipeline ({_reason(error)}); "
                          "using the rule-based suggester"]
    if not spacy.util.is_package(model):
        return None, [f"model '{model}' is not installed; using the rule-based suggester"]
    try:
        return spacy.load(model), []
    except Exception as error:
        return None, [f"model '{model}' cannot be loaded ({_reason(error)}); "
                      "using the rule-based suggester"]


def _reason(error: Exception) -> str:
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return first_line[:160]


def _spans_key(nlp: Language) -> str:
    """The spans key of the pipeline's span categorizer ("" when it has none)."""
    for name, component in nlp.pipeline:
        if nlp.get_pipe_meta(name).factory in SPAN_COMPONENTS:
            return str(getattr(component, "key", "sc"))
    return ""


def _add_model_layer(nlp: Language, source: str) -> None:
    """Suggest the model's spancat events and textcat tags when the pipeline has them."""
    has_cats = any(nlp.get_pipe_meta(name).factory in CAT_COMPONENTS for name in nlp.pipe_names)
    spans_key = _spans_key(nlp)
    if spans_key or has_cats:
        nlp.add_pipe("jk_model_layer", config={"model_source": source, "spans_key": spans_key})


def build_pipeline(model: str | None = None, *, rules: bool = True, resources: str = "",
                   use_model: bool = True) -> tuple[Language, str, list[str]]:
    """(nlp, name, warnings): the statistical pipeline (if any) with the rule components added.

    ``use_model=False`` skips looking for a model: the rules on ``spacy.blank("en")``.
    ``rules=False`` keeps the model's suggestions alone (entities, spancat events, textcat tags).
    """
    statistical, warnings = load_statistical(model) if use_model else (None, [])
    nlp = statistical if statistical is not None else spacy.blank("en")
    source = f"model:{model_id(nlp)}" if statistical is not None else ""
    split_lookalike_possessives(nlp)
    has_sentences = any(name in nlp.pipe_names for name in ("parser", "senter", "sentencizer"))
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("jk_paragraph_breaks", before="parser")
    elif not has_sentences:
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("jk_paragraph_breaks", after="sentencizer")
    nlp.add_pipe("jk_entity_rules", config={"resources": resources, "model_source": source,
                                            "use_rules": rules})
    nlp.add_pipe("jk_events", config={"resources": resources, "use_rules": rules})
    nlp.add_pipe("jk_issue_tags", config={"resources": resources, "use_rules": rules})
    if statistical is not None:
        _add_model_layer(nlp, source)
    if statistical is None:
        name = "rules"
    else:
        name = f"{model_id(nlp)}+rules" if rules else model_id(nlp)
    return nlp, name, warnings
