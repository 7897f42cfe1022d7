"""Deterministic train/dev splits written in any format."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from jkannotate.core.errors import InputError
from jkannotate.core.model import AnnotatedDocument
from jkannotate.formats import temporaries
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
    """Write a train and a dev file (or brat folder) with the named format's writer.

    The pair is written as one: both are written to hidden temporaries first, then both
    are moved into place, so a failure leaves the earlier pair (or nothing) as it was.
    """
    from jkannotate.formats import brat, get_format

    chosen = get_format(fmt)
    train, dev = split_documents(docs, split, seed)
    targets = split_paths(out, chosen.suffix)
    options = options or WriteOptions()
    for target in targets:
        if fmt == "brat":
            brat.check_target(target, options)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporaries.clean_stale(target)
    staged = [temporaries.temp_name(target) for target in targets]
    try:
        reports = []
        for path, part, target in zip(staged, (train, dev), targets, strict=True):
            try:
                reports.append(chosen.write(part, path, options))
            except OSError as error:  # name the file the user asked for, not our temporary
                raise OSError(error.errno, error.strerror, str(target)) from error
        if fmt == "brat" and any(t.exists() and not brat.only_ours(t) for t in targets):
            for built, target in zip(staged, targets, strict=True):  # --force into folders
                brat.place(built, target)
        else:
            temporaries.commit_all(list(zip(staged, targets, strict=True)))
    finally:
        for path in staged:
            temporaries.remove(path)
    return list(zip(targets, reports, strict=True))
