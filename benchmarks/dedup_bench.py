"""Cost of the ingest layer next to a bare SQLite insert of the same texts.

Generates N distinct articles of ~3,000 characters (words drawn from the seed articles'
vocabulary, so word statistics are news-like but no two articles share passages), then
measures:

* bare: ``sqlite3`` executemany of the texts into a file database, one transaction;
* signatures(): MinHash signatures of all texts, as an import computes them;
* groups: ``assign_groups`` of the batch against nothing stored, as an import does it;
* parse: text-page parsing (boilerplate removal, metadata) of the same articles wrapped in
  page chrome, as an import of .txt files would do;
* scale: grouping 500 new articles against 100,000 stored group heads;
* stress: grouping when every article shares sentences with many others (articles
  recombined from a pool of ~150 seed sentences: everything is a near-duplicate);
* copies: a real import (``Project.import_documents``) of 300, 1,200 and 5,000 copies of
  one wire story (each with its own dateline), each in a fresh process, with its peak RSS.

Usage: python benchmarks/dedup_bench.py [N] [--copies 5000]  (default 10000).
Last line: one JSON object.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from jkannotate.ingest import read_articles, signatures  # noqa: E402
from jkannotate.ingest.duplicate_links import assign_groups  # noqa: E402
from jkannotate.ingest.duplicates import NUM_HASHES  # noqa: E402
from jkannotate.ingest.textpage import parse_text_page  # noqa: E402


def seed_texts() -> list[str]:
    return [d.text for d in read_articles([ROOT / "seeds"]).documents]


def make_articles(count: int, rng: random.Random) -> list[str]:
    """Distinct articles: paragraphs of words drawn from the seeds' vocabulary."""
    vocabulary = sorted(set(re.findall(r"\w+", " ".join(seed_texts()))))
    articles = []
    for _ in range(count):
        paragraphs = [" ".join(rng.choices(vocabulary, k=60)).capitalize() + "."
                      for _ in range(8)]
        articles.append("\n\n".join(paragraphs)[:3000])
    return articles


def make_overlapping_articles(count: int, rng: random.Random) -> list[str]:
    """Articles recombined from the seeds' sentences: all of them overlap."""
    sentences = [s for text in seed_texts() for s in re.split(r"(?<=[.!?])\s+", text)
                 if len(s) > 40]
    articles = []
    for _ in range(count):
        paragraphs, size = [], 0
        while size < 3000:
            paragraph = " ".join(rng.sample(sentences, 2))
            paragraphs.append(paragraph)
            size += len(paragraph) + 2
        articles.append("\n\n".join(paragraphs)[:3000])
    return articles


def bare_sqlite(texts: list[str]) -> float:
    with tempfile.TemporaryDirectory() as folder:
        connection = sqlite3.connect(Path(folder) / "bare.db")
        connection.execute("CREATE TABLE document (id INTEGER PRIMARY KEY, text TEXT)")
        start = time.perf_counter()
        with connection:
            connection.executemany("INSERT INTO document (text) VALUES (?)",
                                   [(text,) for text in texts])
        elapsed = time.perf_counter() - start
        connection.close()
    return elapsed


def group_all(sigs: list[bytes]) -> tuple[float, int]:
    start = time.perf_counter()
    groups = assign_groups(list(enumerate(sigs)))
    return time.perf_counter() - start, len(groups)


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from
    the parent that forked it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def import_copies(copies: int) -> dict[str, float]:
    """Run in a fresh process: import ``copies`` copies of one story, report peak RSS."""
    from jkannotate.core.model import AnnotatedDocument, Document
    from jkannotate.project import Project

    story = seed_texts()[0]
    items = [
        AnnotatedDocument(Document(f"SEOUL, copy {n} (Wire) -- {story}", title=f"copy {n}"))
        for n in range(copies)
    ]
    with tempfile.TemporaryDirectory() as folder:
        with Project.open(Path(folder) / "copies.db") as project:
            before = peak_rss_mb()
            start = time.perf_counter()
            summary = project.import_documents(items)
            elapsed = time.perf_counter() - start
            groups = project.stats()["duplicate_groups"]
    peak = peak_rss_mb()
    assert len(summary.added) == copies
    return {
        "copies": copies,
        "seconds": round(elapsed, 3),
        "peak_rss_mb": round(peak, 1),
        "rss_growth_mb": round(peak - before, 1),
        "groups": len(groups),  # type: ignore[arg-type]
        "largest_group": max(len(g["documents"]) for g in groups),  # type: ignore[union-attr, index]
    }


def copies_in_subprocess(copies: int) -> dict[str, float]:
    code = f"import json, dedup_bench; print(json.dumps(dedup_bench.import_copies({copies})))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        cwd=Path(__file__).parent,
        env={**os.environ, "PYTHONPATH": f"{ROOT}:{Path(__file__).parent}"},
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    count = int(args[0]) if args else 10_000
    most_copies = int(sys.argv[sys.argv.index("--copies") + 1]) if "--copies" in sys.argv else 5000
    rng = random.Random(2021)
    texts = make_articles(count, rng)
    print(f"{count} articles, mean {sum(map(len, texts)) / count:.0f} chars")

    bare = bare_sqlite(texts)
    print(f"bare sqlite executemany: {bare:.3f} s, {bare / count * 1000:.4f} ms per article")

    start = time.perf_counter()
    sigs = signatures(texts)
    signing = time.perf_counter() - start
    per_article_ms = signing / count * 1000
    print(f"signatures(): {signing:.3f} s, {per_article_ms:.4f} ms per article")

    grouping, grouped = group_all(sigs)
    print(f"assign_groups: {grouping:.3f} s, {grouping / count * 1000:.4f} ms per article"
          f" ({grouped} articles grouped)")

    pages = [f"Site logo\nHome\nWorld\nBusiness\n\nHeadline number {i} about talks\n"
             f"By Staff Reporter\nOct 15, 2021 - 6:27 pm\n\n{text}\n\nShare this article\n"
             f"Sign up for our newsletter\n© 2021 Example Media" for i, text in enumerate(texts)]
    start = time.perf_counter()
    for page in pages:
        parse_text_page(page)
    parsing = time.perf_counter() - start
    print(f"parse_text_page: {parsing:.3f} s, {parsing / count * 1000:.3f} ms per page")

    # distinct stored articles: MinHash values of unrelated texts are independent uniform
    noise = np.random.default_rng(7).integers(0, 1 << 16, (100_000, NUM_HASHES), dtype=np.uint16)
    heads = [(doc_id, sigs[doc_id] if doc_id < count else noise[doc_id].astype("<u2").tobytes())
             for doc_id in range(100_000)]
    new = [(100_000 + k, sig) for k, sig in enumerate(sigs[:500])]
    start = time.perf_counter()
    found = assign_groups(new, heads)
    at_scale = time.perf_counter() - start
    print(f"500 new against 100,000 stored heads: {at_scale:.2f} s ({len(found)} grouped)")

    overlapping = make_overlapping_articles(min(count, 3000), rng)
    stress, stress_grouped = group_all(signatures(overlapping))
    stress_ms = stress / len(overlapping) * 1000
    print(f"stress (all overlapping, {len(overlapping)} articles): {stress_ms:.3f} ms per "
          f"article ({stress_grouped} grouped)")

    copies = []
    for amount in sorted({300, 1200, most_copies}):
        figures = copies_in_subprocess(amount)
        copies.append(figures)
        print(f"import of {amount} copies of one story: {figures['seconds']:.2f} s, peak RSS "
              f"{figures['peak_rss_mb']:.0f} MB (+{figures['rss_growth_mb']:.0f} MB), "
              f"{figures['groups']} group(s), largest {figures['largest_group']}")

    ratio = (signing + grouping) / bare
    print(f"(signatures + groups) / bare sqlite: {ratio:.2f}")
    print(json.dumps({
        "articles": count,
        "bare_sqlite_s": round(bare, 4),
        "signature_ms_per_article": round(per_article_ms, 4),
        "groups_ms_per_article": round(grouping / count * 1000, 4),
        "dedup_ratio_to_bare": round(ratio, 3),
        "parse_ms_per_page": round(parsing / count * 1000, 4),
        "new_500_against_100k_s": round(at_scale, 3),
        "stress_groups_ms_per_article": round(stress_ms, 4),
        "copies": copies,
    }))


if __name__ == "__main__":
    main()
