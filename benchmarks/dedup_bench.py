"""Cost of the ingest layer next to a bare SQLite insert of the same texts.

Generates N distinct articles of ~3,000 characters (words drawn from the seed articles'
vocabulary, so word statistics are news-like but no two articles share passages), then
measures:

* bare: ``sqlite3`` executemany of the texts into a file database, one transaction;
* signature(): MinHash signatures of all texts (per-article time);
* index: NearDuplicateIndex.similar + add for every article, as an import would do;
* parse: text-page parsing (boilerplate removal, metadata) of the same articles wrapped in
  page chrome, as an import of .txt files would do;
* scale: ``similar`` latency with 100,000 indexed signatures;
* stress: index cost when every article shares sentences with many others (articles
  recombined from a pool of ~150 seed sentences: everything is a near-duplicate).

Usage: python benchmarks/dedup_bench.py [N]   (default 10000). Last line: one JSON object.
"""

from __future__ import annotations

import json
import random
import re
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jkannotate.ingest import NearDuplicateIndex, read_articles, signature  # noqa: E402
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


def index_all(signatures: list[bytes]) -> tuple[float, int]:
    index = NearDuplicateIndex()
    start = time.perf_counter()
    grouped = 0
    for doc_id, sig in enumerate(signatures):
        grouped += bool(index.similar(sig))
        index.add(doc_id, sig)
    return time.perf_counter() - start, grouped


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rng = random.Random(2021)
    texts = make_articles(count, rng)
    print(f"{count} articles, mean {sum(map(len, texts)) / count:.0f} chars")

    bare = bare_sqlite(texts)
    print(f"bare sqlite executemany: {bare:.3f} s, {bare / count * 1000:.4f} ms per article")

    start = time.perf_counter()
    signatures = [signature(text) for text in texts]
    signing = time.perf_counter() - start
    per_article_ms = signing / count * 1000
    print(f"signature(): {signing:.3f} s, {per_article_ms:.4f} ms per article")

    indexing, grouped = index_all(signatures)
    print(f"index similar+add: {indexing:.3f} s, {indexing / count * 1000:.4f} ms per article"
          f" ({grouped} articles had a near-duplicate)")

    pages = [f"Site logo\nHome\nWorld\nBusiness\n\nHeadline number {i} about talks\n"
             f"By Staff Reporter\nOct 15, 2021 - 6:27 pm\n\n{text}\n\nShare this article\n"
             f"Sign up for our newsletter\n© 2021 Example Media" for i, text in enumerate(texts)]
    start = time.perf_counter()
    for page in pages:
        parse_text_page(page)
    parsing = time.perf_counter() - start
    print(f"parse_text_page: {parsing:.3f} s, {parsing / count * 1000:.3f} ms per page")

    big = NearDuplicateIndex()
    filler = make_articles(2_000, rng)
    filler_signatures = [signature(text + f" {i}") for i, text in enumerate(filler)]
    start = time.perf_counter()
    big.add_many((doc_id, signatures[doc_id] if doc_id < count else
                  filler_signatures[doc_id % len(filler_signatures)])
                 for doc_id in range(100_000))
    loading = time.perf_counter() - start
    start = time.perf_counter()
    for sig in signatures[:500]:
        big.similar(sig)
    lookup_ms = (time.perf_counter() - start) / 500 * 1000
    print(f"add_many of 100,000 signatures: {loading:.2f} s; similar(): {lookup_ms:.3f} ms")

    overlapping = make_overlapping_articles(min(count, 3000), rng)
    stress, stress_grouped = index_all([signature(text) for text in overlapping])
    stress_ms = stress / len(overlapping) * 1000
    print(f"stress (all overlapping, {len(overlapping)} articles): {stress_ms:.3f} ms per "
          f"article ({stress_grouped} grouped)")

    ratio = (signing + indexing) / bare
    print(f"(signature + index) / bare sqlite: {ratio:.2f}")
    print(json.dumps({
        "articles": count,
        "bare_sqlite_s": round(bare, 4),
        "signature_ms_per_article": round(per_article_ms, 4),
        "index_ms_per_article": round(indexing / count * 1000, 4),
        "dedup_ratio_to_bare": round(ratio, 3),
        "parse_ms_per_page": round(parsing / count * 1000, 4),
        "load_100k_s": round(loading, 3),
        "similar_ms_at_100k": round(lookup_ms, 4),
        "stress_index_ms_per_article": round(stress_ms, 4),
    }))


if __name__ == "__main__":
    main()
