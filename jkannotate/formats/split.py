"""Deterministic train/dev splits written in any format."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from jkannotate.core.errors import InputError
from jkannotate.core.model import AnnotatedDocument
from jkannotate.formats.base import FormatReport, WriteOptions


def split_documents(docs: Sequence[AnnotatedDocument], split: float,
                    seed: int) -> tuple[list[AnnotatedDocument], list[AnnotatedDocument]]:
    """Shuffle by seed after ordering by text hash, so the split ignores database order."""
    if not 0.0 < split < 1.0:
        raise InputError(f"--split must be between 0 and 1 (exclusive), got {split}")
    ordered = sorted(docs, key=lambda item: (item.document.hash, item.document.id or 0))
    random.Random(seed).shuffle(ordered)
    cut = round(len(ordered) * split)
    if len(ordered) >= 2:
        cut = min(max(cut, 1), len(ordered) - 1)  # both files get at least one document
    return ordered[:cut], ordered[cut:]


def split_paths(out: Path, suffix: str) -> tuple[Path, Path]:
    """``c.spacy`` -> ``c-train.spacy``, ``c-dev.spacy``; ``train.spacy`` -> itself and
    ``dev.spacy`` beside it; a name without the suffix is a folder with ``train``/``dev``."""
    out = Path(out)
    if suffix and out.name.endswith(suffix) and len(out.name) > len(suffix):
        stem = out.name[: -len(suffix)]
        if stem.lower() in ("train", "training"):
            return out, out.with_name(f"dev{suffix}")
        return out.with_name(f"{stem}-train{suffix}"), out.with_name(f"{stem}-dev{suffix}")
    return out / f"train{suffix}", out / f"dev{suffix}"


def write_split(docs: Sequence[AnnotatedDocument], out: Path, fmt: str,
                options: WriteOptions | None = None, *, split: float,
                seed: int) -> list[tuple[Path, FormatReport]]:
    """Write a train and a dev file (or brat folder) with the named format's writer."""
    from jkannotate.formats import get_format

    chosen = get_format(fmt)
    train, dev = split_documents(docs, split, seed)
    train_path, dev_path = split_paths(out, chosen.suffix)
    options = options or WriteOptions()
    return [(path, chosen.write(part, path, options))
            for path, part in ((train_path, train), (dev_path, dev))]
