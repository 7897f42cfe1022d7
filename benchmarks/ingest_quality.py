"""Import quality on real news page captures (benchmarks/data/pages/).

Each capture ``NAME.txt`` (or ``NAME.html``) has a hand-written ``NAME.expected.json``: the
headline, publication date (null where the page shows none), outlet (null where the page
names none; a list when several are right), byline, and the first and last words of the
body as a reader sees it (``body_first``/``body_last``) with the lines inside that range
that are not article text (``exclude``: captions, advertisements). The expected words are
the headline plus the capture between those two markers, less the excluded lines.

The dev/test split is fixed by a hash of the file name (``split_of``), made before any rule
work; only dev errors are ever printed (``--errors``). Prints, for each split: word
recall/precision of headline+body, headlines, dates and outlets right, pages left
hard-wrapped. The last line is one JSON object.

    python benchmarks/ingest_quality.py [--splits dev,test] [--errors]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jkannotate.core.model import Document  # noqa: E402
from jkannotate.ingest import read_articles  # noqa: E402
from jkannotate.ingest.outlets import canonical_outlet  # noqa: E402

PAGES = ROOT / "benchmarks" / "data" / "pages"
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?:;…\"'”’)\]]\s*$")


def split_of(name: str) -> str:
    """``test`` for a third of the captures (by a hash of the name), else ``dev``."""
    return "test" if int(hashlib.sha256(name.encode()).hexdigest()[:8], 16) % 3 == 0 else "dev"


def _norm(text: str) -> str:
    return " ".join(text.split())


def words(text: str) -> Counter[str]:
    return Counter(w.lower() for w in _WORD.findall(text))


def expected_text(capture: str, expected: dict) -> str:
    """The headline and the body between the hand-written markers, less excluded lines."""
    flat = _norm(capture)
    first, last = _norm(expected["body_first"]), _norm(expected["body_last"])
    start = flat.index(first)
    end = flat.index(last, start) + len(last)
    body = flat[start:end]
    for line in expected.get("exclude", []):
        body = body.replace(_norm(line), " ")
    return expected["headline"] + "\n" + body


def text_with_title(document: Document) -> str:
    """The annotatable text including the headline (older builds kept it out of the text)."""
    if document.title and not document.text.startswith(document.title):
        return document.title + "\n\n" + document.text
    return document.text


def hard_wrapped(text: str) -> bool:
    """A paragraph still broken mid-sentence: a long line without closing punctuation
    followed directly by another line."""
    lines = text.split("\n")
    for line, after in zip(lines, lines[1:], strict=False):
        if after.strip() and len(line) >= 50 and not _SENTENCE_END.search(line):
            return True
    return False


@dataclass
class Figures:
    pages: int = 0
    expected_words: int = 0
    found_words: int = 0
    common_words: int = 0
    headlines: int = 0
    dates: int = 0
    dates_shown: int = 0
    outlets: int = 0
    outlets_named: int = 0
    wrapped: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        recall = self.common_words / self.expected_words if self.expected_words else 0.0
        precision = self.common_words / self.found_words if self.found_words else 0.0
        return {
            "pages": self.pages, "recall": round(recall, 4), "precision": round(precision, 4),
            "headlines": f"{self.headlines}/{self.pages}",
            "dates": f"{self.dates}/{self.dates_shown}",
            "outlets": f"{self.outlets}/{self.outlets_named}", "hard_wrapped": self.wrapped,
        }


def _outlet_right(found: str | None, expected: str | list[str]) -> bool:
    allowed = expected if isinstance(expected, list) else [expected]
    return canonical_outlet(found) in {canonical_outlet(name) for name in allowed}


def score(capture_path: Path, figures: Figures) -> None:
    expected = json.loads(capture_path.with_suffix(".expected.json").read_text("utf-8"))
    capture = capture_path.read_text("utf-8")
    document = read_articles([capture_path]).documents[0]
    name = capture_path.stem
    figures.pages += 1
    want, got = words(expected_text(capture, expected)), words(text_with_title(document))
    common = sum((want & got).values())
    figures.expected_words += sum(want.values())
    figures.found_words += sum(got.values())
    figures.common_words += common
    if sum(want.values()) - common or sum(got.values()) - common:
        figures.errors.append(f"{name}: missing {sorted((want - got).elements())[:25]} "
                              f"extra {sorted((got - want).elements())[:25]}")
    if _norm(document.title) == _norm(expected["headline"]):
        figures.headlines += 1
    else:
        figures.errors.append(f"{name}: headline {document.title!r}")
    if expected["date"]:
        figures.dates_shown += 1
        if document.published == expected["date"]:
            figures.dates += 1
        else:
            figures.errors.append(f"{name}: date {document.published!r} != {expected['date']}")
    if expected["outlet"]:
        figures.outlets_named += 1
        if _outlet_right(document.outlet, expected["outlet"]):
            figures.outlets += 1
        else:
            figures.errors.append(f"{name}: outlet {document.outlet!r} != {expected['outlet']}")
    if hard_wrapped(document.text):
        figures.wrapped += 1
        figures.errors.append(f"{name}: left hard-wrapped")


def captures() -> list[Path]:
    return sorted(p for p in PAGES.iterdir() if p.suffix in (".txt", ".html"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", default="dev,test")
    parser.add_argument("--errors", action="store_true", help="print dev errors (never test)")
    args = parser.parse_args()
    results: dict[str, dict[str, object]] = {}
    print(f"{'split':6} {'pages':>5} {'recall':>7} {'precis.':>7} {'headline':>9} "
          f"{'date':>6} {'outlet':>7} {'wrapped':>7}")
    for split in args.splits.split(","):
        figures = Figures()
        for path in captures():
            if split_of(path.stem) == split:
                score(path, figures)
        row = figures.as_dict()
        results[split] = row
        print(f"{split:6} {row['pages']:>5} {row['recall']:>7.3f} {row['precision']:>7.3f} "
              f"{row['headlines']:>9} {row['dates']:>6} {row['outlets']:>7} "
              f"{row['hard_wrapped']:>7}")
        if args.errors and split == "dev":
            for error in figures.errors:
                print("  " + error)
    print(json.dumps({"benchmark": "ingest_quality", **results}))


if __name__ == "__main__":
    main()
