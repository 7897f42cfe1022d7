"""Link accuracy, date-normalisation accuracy and registry merges on the gold corpus.

- Links: the rule suggester runs on each gold article (with its publication date), as
  ``suggest`` does; every suggested entity span that matches a gold span exactly is scored
  against the expected actor id (tests/data/events/links_<split>.yml, null = no actor).
  Also scored: linking the gold mentions themselves (the mentions an annotator accepts).
- Dates: every gold DATE span normalised in its clause against the publication date,
  scored against tests/data/events/dates.yml.
- Registry: cross-outlet events proposed from the gold frames; a proposal is right when its
  documents report the same story (on dev, documents 6 and 8: the Kishida–Moon call), and on
  the demo seeds (suggestions only) whether seeds 000 and 002 are merged for the call.

- The same link and date scores on the dev split of the real-news corpus
  (benchmarks/data/news: expected values in its events_dev.yml; its sealed test split is not
  read here), and on the demo corpus alone (the five seeds/ articles, in the gold dev split).

Errors are listed for the dev splits only (``--errors``); test figures are reported as they
are. The last line is one JSON object.

    python benchmarks/event_data_quality.py [--errors]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import yaml

from jkannotate.core.frames import frames_of
from jkannotate.core.model import AnnotatedDocument, LabelKind
from jkannotate.formats import ReadOptions, jsonl
from jkannotate.nlp import Suggester
from jkannotate.nlp.linking import Linker, date_value, link_spans
from jkannotate.review.registry import Registry, cross_outlet

ROOT = Path(__file__).resolve().parents[1] / "tests" / "data"
NEWS = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "news"
LINKED = {"PERSON", "ORG", "GPE", "LOC", "NORP"}
SAME_STORY_DEV = [{5, 7}]  # 0-based lines of dev.jsonl reporting the same event


def expected_id(table: dict, line: int, label: str, surface: str) -> tuple[bool, str | None]:
    for key in (f"{line}:{label}|{surface}", f"{label}|{surface}"):
        if key in table:
            return True, table[key]
    return False, None


def gold(split: str) -> list[AnnotatedDocument]:
    return jsonl.read(ROOT / "gold" / f"{split}.jsonl", ReadOptions())[0]


def score_links(split: str, suggester: Suggester, errors: bool,
                docs: list[tuple[object, AnnotatedDocument]] | None = None,
                table: dict | None = None) -> dict[str, object]:
    """Link accuracy over ``docs`` ((key, document with its gold layer)); by default the gold
    corpus split ``split`` with its table in tests/data/events/."""
    if table is None:
        table = yaml.safe_load((ROOT / "events" / f"links_{split}.yml").read_text("utf-8"))
    if docs is None:
        docs = list(enumerate(gold(split)))
    linker = Linker()
    scores = {"suggested": [0, 0], "gold_mentions": [0, 0], "linked_right": 0, "linked": 0,
              "expected_actors": 0, "found_actors": 0}
    for line, item in docs:
        text, layer = item.document.text, item.layers[0]
        gold_spans = {(s.start, s.end, s.label): s for s in layer.entities() if s.label in LINKED}
        suggested = link_spans(text, suggester.suggest_one(text).spans, item.document.published,
                               linker=linker)
        for source, spans in (("suggested", suggested),
                              ("gold_mentions", link_spans(text, list(gold_spans.values()),
                                                           linker=linker))):
            for span in spans:
                if span.kind is not LabelKind.ENTITY or span.key not in gold_spans:
                    continue
                known, wanted = expected_id(table, line, span.label, text[span.start:span.end])
                if not known:
                    continue
                scores[source][1] += 1
                right = span.kb_id == wanted
                scores[source][0] += right
                if source == "gold_mentions":
                    scores["linked"] += span.kb_id is not None
                    scores["linked_right"] += span.kb_id is not None and right
                    scores["expected_actors"] += wanted is not None
                    scores["found_actors"] += wanted is not None and right
                if errors and not right and split.endswith("dev"):
                    print(f"  {split}:{line} {source} {span.label} "
                          f"{text[span.start:span.end]!r}: {span.kb_id} (want {wanted})")
    return {
        "suggested_matched": scores["suggested"][1],
        "suggested_accuracy": round(scores["suggested"][0] / max(1, scores["suggested"][1]), 3),
        "gold_mentions": scores["gold_mentions"][1],
        "gold_mention_accuracy": round(scores["gold_mentions"][0]
                                       / max(1, scores["gold_mentions"][1]), 3),
        "link_precision": round(scores["linked_right"] / max(1, scores["linked"]), 3),
        "link_recall": round(scores["found_actors"] / max(1, scores["expected_actors"]), 3),
    }


def score_dates(split: str, errors: bool,
                docs: list[tuple[object, AnnotatedDocument]] | None = None,
                table: dict | None = None) -> dict[str, object]:
    if table is None:
        table = yaml.safe_load((ROOT / "events" / "dates.yml").read_text(encoding="utf-8"))
        table = {k: str(v) for k, v in table.items()}
    else:
        table = {f"{split}:{k}": str(v) for k, v in table.items()}
    if docs is None:
        docs = list(enumerate(gold(split)))
    right = total = 0
    for line, item in docs:
        for span in item.layers[0].entities():
            if span.label != "DATE":
                continue
            key = f"{split}:{line}:{span.start}"
            if key not in table:
                continue
            value = date_value(item.document.text, span, item.document.published)
            total += 1
            right += value == table[key]
            if errors and value != table[key] and split.endswith("dev"):
                print(f"  {key} {item.document.text[span.start:span.end]!r}: {value} "
                      f"(want {table[key]})")
    return {"dates": total, "date_accuracy": round(right / max(1, total), 3)}


def news_dev() -> list[tuple[object, AnnotatedDocument]]:
    """The real-news corpus's dev split as documents with one gold layer of entity spans
    (the test split is left out before anything is scored)."""
    from jkannotate.core.model import Document, Layer, LayerKind, Span, State

    sys.path.insert(0, str(NEWS.parents[1]))
    import suggest_quality as news

    articles = {a["id"]: a for a in yaml.safe_load((NEWS / "articles.yml").read_text("utf-8"))}
    result: list[tuple[object, AnnotatedDocument]] = []
    for doc in news.read_corpus():
        if doc.id in news.TEST_IDS:
            continue
        spans = [Span(s, e, label, state=State.ACCEPTED) for s, e, label in sorted(doc.entities)]
        document = Document(doc.text, title=articles[doc.id]["headline"],
                            published=str(articles[doc.id]["date"]))
        result.append((doc.id, AnnotatedDocument(document, [Layer(None, LayerKind.GOLD, "gold",
                                                                  spans=spans)])))
    return result


def seed_lines() -> list[tuple[object, AnnotatedDocument]]:
    """The demo corpus within the gold dev split: the documents whose text is a seed's body
    (gold was written before the title became the text's first paragraph)."""
    from jkannotate.core.resources import seeds_dir
    from jkannotate.ingest import read_articles

    texts = {doc.text for doc in read_articles([seeds_dir()]).documents}
    return [(line, item) for line, item in enumerate(gold("dev"))
            if any(text.endswith(item.document.text) for text in texts)]


def score_registry() -> dict[str, object]:
    docs = gold("dev")
    for line, item in enumerate(docs):
        item.document.id = line
        for layer in item.layers:
            layer.spans = link_spans(item.document.text, layer.spans, item.document.published)
    proposals = cross_outlet(Registry().build(f for d in docs for f in frames_of(d)))
    right = sum(1 for e in proposals if any(set(e.documents) <= s for s in SAME_STORY_DEV))
    return {"dev_proposals": len(proposals), "dev_proposals_right": right,
            "demo_seeds_000_002_merged": demo_merged()}


def demo_merged() -> bool:
    from jkannotate.core.resources import seeds_dir
    from jkannotate.operations.events import build_registry
    from jkannotate.project import Project

    with tempfile.TemporaryDirectory() as folder, Project.open(f"{folder}/d.db") as project:
        project.import_paths([seeds_dir()])
        from jkannotate.operations.suggest import suggest_documents

        suggest_documents(project)
        titles = {s.id: s.title for s in project.documents()}
        seeds = {i for i, t in titles.items() if t.startswith(("Japan, South Korea look",
                                                               "Japan, S. Korea leaders eye"))}
        events = build_registry(project)
        return any(e.event == "CONSULT" and set(e.documents) == seeds
                   for e in cross_outlet(events))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", action="store_true", help="list the dev split's errors")
    args = parser.parse_args()
    suggester = Suggester.load_rules()
    result: dict[str, object] = {}
    for split in ("dev", "test"):
        links = score_links(split, suggester, args.errors)
        dates = score_dates(split, args.errors)
        print(f"{split}: suggested entity links {links['suggested_accuracy']:.1%} right over "
              f"{links['suggested_matched']} matched mentions; on gold mentions "
              f"{links['gold_mention_accuracy']:.1%} of {links['gold_mentions']} "
              f"(precision {links['link_precision']:.1%}, recall {links['link_recall']:.1%}); "
              f"dates {dates['date_accuracy']:.1%} of {dates['dates']}")
        result[split] = {**links, **dates}
    seeds = seed_lines()
    links = score_links("dev", suggester, False, seeds)
    dates = score_dates("dev", False, seeds)
    print(f"demo seeds ({len(seeds)} articles, within dev): suggested entity links "
          f"{links['suggested_accuracy']:.1%} right over {links['suggested_matched']} matched "
          f"mentions; dates {dates['date_accuracy']:.1%} of {dates['dates']}")
    result["demo_seeds"] = {**links, **dates}
    tables = yaml.safe_load((NEWS / "events_dev.yml").read_text(encoding="utf-8"))
    docs = news_dev()
    links = score_links("news-dev", suggester, args.errors, docs, tables["links"])
    dates = score_dates("news-dev", args.errors, docs, tables["dates"])
    print(f"real-news dev ({len(docs)} articles): suggested entity links "
          f"{links['suggested_accuracy']:.1%} right over {links['suggested_matched']} matched "
          f"mentions; on gold mentions {links['gold_mention_accuracy']:.1%} of "
          f"{links['gold_mentions']} (precision {links['link_precision']:.1%}, recall "
          f"{links['link_recall']:.1%}); dates {dates['date_accuracy']:.1%} of {dates['dates']}")
    result["news_dev"] = {**links, **dates}
    registry = score_registry()
    print(f"registry on dev gold: {registry['dev_proposals_right']} of "
          f"{registry['dev_proposals']} cross-outlet proposals right; demo seeds 000 and 002 "
          f"merged for the call: {registry['demo_seeds_000_002_merged']}")
    result["registry"] = registry
    print(json.dumps(result))


if __name__ == "__main__":
    main()
