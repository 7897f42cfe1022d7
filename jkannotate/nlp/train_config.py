"""The training config, built with spaCy's own machinery (``spacy init config`` as an API).

A blank base gets spaCy's efficiency defaults for the chosen components. A base pipeline
(an installed package or a directory) has its components *sourced*: the ones asked for keep
training, the others are frozen, and a new component gets its own tok2vec so it never
changes what a frozen component reads. Nothing is ever downloaded.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy
from spacy.cli.init_config import init_config
from thinc.api import Config

from jkannotate.core.errors import InputError

COMPONENTS = ("ner", "spancat", "textcat_multilabel")
BLANK = "blank"
PROGRESS_LOGGER = "jk.train_progress.v1"


@dataclass(frozen=True, slots=True)
class BaseModel:
    """What ``--base`` names: ``blank``, an installed package, or a pipeline directory."""

    spec: str
    lang: str
    pipe_names: tuple[str, ...] = ()
    tok2vec_listeners: tuple[str, ...] = ()

    @property
    def is_blank(self) -> bool:
        return self.spec == BLANK


def check_components(components: tuple[str, ...]) -> tuple[str, ...]:
    """Known trainable components, deduplicated, in order; InputError otherwise."""
    unknown = [name for name in components if name not in COMPONENTS]
    if unknown or not components:
        raise InputError(f"--components must be some of {', '.join(COMPONENTS)}, "
                         f"got {','.join(components) or 'nothing'}")
    return tuple(dict.fromkeys(components))


def locate_base(base: str) -> str:
    """``blank``, an absolute directory, or an installed package name; cheap (loads nothing).

    Never downloads: a missing package is an InputError saying so.
    """
    if base == BLANK:
        return BLANK
    path = Path(base)
    if path.is_dir():
        return str(path.resolve())
    if any(sep in base for sep in ("/", "\\")) or base.startswith("."):
        raise InputError(f"base pipeline directory {base!r} does not exist")
    if spacy.util.is_package(base):
        return base
    raise InputError(f"base model {base!r} is not installed and is never downloaded; "
                     f"install it with pip, or use --base blank or a pipeline directory")


def resolve_base(base: str, lang: str = "en") -> BaseModel:
    """Look the base up and load it to learn its language and components."""
    location = locate_base(base)
    if location == BLANK:
        return BaseModel(BLANK, lang)
    try:
        nlp = spacy.load(location)
    except Exception as error:  # any damage in a user's directory is a user-facing reason
        first = (str(error).strip().splitlines() or [type(error).__name__])[0][:160]
        raise InputError(f"base {base!r} is not a loadable spaCy pipeline ({first})") from error
    listeners: tuple[str, ...] = ()
    if "tok2vec" in nlp.pipe_names:
        listeners = tuple(nlp.get_pipe("tok2vec").listening_components)
    return BaseModel(location, nlp.lang, tuple(nlp.pipe_names), listeners)


def _own_tok2vec(config: Config) -> dict[str, Any]:
    """The default shared tok2vec model as a component-internal one (widths made literal)."""
    model = copy.deepcopy(dict(config["components"]["tok2vec"]["model"]))
    width = model["encode"]["width"]
    model["embed"] = dict(model["embed"], width=width)
    return model


def build_config(components: tuple[str, ...], base: BaseModel, *, train_path: Path,
                 dev_path: Path, max_steps: int, seed: int) -> Config:
    """A complete training config for ``spacy.training.loop.train``."""
    components = check_components(components)
    defaults = init_config(lang=base.lang, pipeline=list(components), optimize="efficiency",
                           gpu=False, silent=True)
    config = Config(defaults)
    if not base.is_blank:
        config = _source_from_base(config, components, base)
    config["paths"]["train"] = str(train_path)
    config["paths"]["dev"] = str(dev_path)
    config["system"]["seed"] = seed
    training = config["training"]
    training["max_steps"] = max_steps
    training["max_epochs"] = 0
    training["patience"] = 0  # the step budget decides, so runs are comparable
    training["eval_frequency"] = max(1, min(200, max_steps // 5))
    training["logger"] = {"@loggers": PROGRESS_LOGGER, "channel": ""}
    return config


def _source_from_base(defaults: Config, components: tuple[str, ...], base: BaseModel) -> Config:
    config = Config(defaults)
    fresh = {name: dict(defaults["components"][name]) for name in components
             if name not in base.pipe_names}
    own_tok2vec = _own_tok2vec(defaults) if "tok2vec" in defaults["components"] else None
    sourced = {name: {"source": base.spec} for name in base.pipe_names}
    frozen = [name for name in base.pipe_names if name not in components and name != "tok2vec"]
    if "tok2vec" in base.pipe_names and any(n in frozen for n in base.tok2vec_listeners):
        frozen.append("tok2vec")  # a frozen reader needs its tok2vec unchanged
    for block in fresh.values():
        model = dict(block.get("model", {}))
        if "tok2vec" in model and own_tok2vec is not None:
            model["tok2vec"] = copy.deepcopy(own_tok2vec)
            block["model"] = model
    config["components"] = {**sourced, **fresh}
    config["nlp"]["pipeline"] = [*base.pipe_names, *fresh]
    config["training"]["frozen_components"] = frozen
    config["training"]["annotating_components"] = []
    return Config(config)


def loadable_config(config: Config) -> Config:
    """The config to store with a trained model: spaCy's console logger instead of ours,
    so the directory loads anywhere, with or without jkannotate."""
    stored = Config(config)
    stored["training"]["logger"] = {"@loggers": "spacy.ConsoleLogger.v1", "progress_bar": False}
    return stored
