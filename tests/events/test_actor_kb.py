"""The shipped actor knowledge base: size, ids, sources of Wikidata ids, unambiguous names."""

from __future__ import annotations

import re

import pytest
import yaml

from jkannotate.core.actors import (
    ACTOR_TYPES,
    INTERNATIONAL_CODES,
    load_actors,
    normalise_name,
    shipped_actors,
)
from jkannotate.core.errors import InputError
from jkannotate.core.resources import resource_path

PLOVER_SECTORS = {"COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK",
                  "AGR", "BUS", "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP",
                  "PRE", "REL", "SOC"}
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
KANA_OR_KANJI = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def raw() -> list[dict]:
    return yaml.safe_load(resource_path("actors.yml").read_text(encoding="utf-8"))["actors"]


def test_at_least_300_actors_with_unique_ids(raw: list[dict]) -> None:
    ids = [item["id"] for item in raw]
    assert len(ids) >= 300
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"jka:[a-z0-9-]+", i) for i in ids)


def test_every_qid_has_a_source(raw: list[dict]) -> None:
    with_qid = [item for item in raw if item.get("qid")]
    assert with_qid, "the countries' ids were checked"
    for item in with_qid:
        assert re.fullmatch(r"Q[1-9]\d*", item["qid"]), item["id"]
        assert len(str(item.get("qid_source") or "")) > 20, f"{item['id']} has a QID without source"
    assert not [i for i in raw if i.get("qid_source") and not i.get("qid")]
    qids = [item["qid"] for item in with_qid]
    assert len(qids) == len(set(qids))


def test_fields_are_well_formed(raw: list[dict]) -> None:
    for item in raw:
        assert item["type"] in ACTOR_TYPES, item["id"]
        code = item.get("country") or item.get("administered_by")
        if item["type"] != "LOC":
            assert code and (re.fullmatch(r"[A-Z]{3}", code)), item["id"]
        if code:
            assert re.fullmatch(r"[A-Z]{3}", code) or code in INTERNATIONAL_CODES
        if item.get("sector"):
            assert item["sector"] in PLOVER_SECTORS, item["id"]
        for office in item.get("offices") or []:
            for bound in ("start", "end"):
                if office.get(bound) is not None:
                    assert ISO_DATE.match(str(office[bound])), (item["id"], office)
            if office.get("start") and office.get("end"):
                assert str(office["start"]) <= str(office["end"]), item["id"]
            if office.get("sector"):
                assert office["sector"] in PLOVER_SECTORS


def test_names_in_three_scripts(raw: list[dict]) -> None:
    for item in raw:
        if item.get("ko"):
            assert any(HANGUL.search(n) or n.isascii() for n in item["ko"]), item["id"]
        if item.get("ja"):
            assert all(not HANGUL.search(n) for n in item["ja"]), item["id"]
    korean = sum(1 for i in raw if any(HANGUL.search(n) for n in i.get("ko") or []))
    japanese = sum(1 for i in raw if any(KANA_OR_KANJI.search(n) for n in i.get("ja") or []))
    assert korean >= 300 and japanese >= 300


def test_names_are_unambiguous_within_a_type() -> None:
    kb = shipped_actors()
    ambiguous = {key: [a.id for a in found] for key, found in kb.by_name.items() if len(found) > 1}
    assert ambiguous == {}
    # generic names shared across countries are local names, resolved by country
    for (_name, _type), found in kb.by_local.items():
        countries = [a.code for a in found]
        assert len(countries) == len(set(countries)), found
    assert {a.code for a in kb.by_local[(normalise_name("Foreign Ministry"), "ORG")]} >= {
        "JPN", "KOR", "PRK", "CHN"}


def test_kishida_offices_and_romanisations() -> None:
    kb = shipped_actors()
    kishida = kb.named("Kishida Fumio", ["PERSON"])[0]
    assert kishida.id == "jka:kishida-fumio"
    assert kb.named("岸田文雄")[0] is kishida and kb.named("기시다 후미오")[0] is kishida
    assert kishida.office_on("2022-03-01").office == "prime minister"
    assert kishida.office_on("2024-10-02") is None and kishida.sector_on("2024-10-02") == "LEG"
    assert [a.id for a in kb.named("Yoon Suk-yeol")] == ["jka:yoon-suk-yeol"]
    assert [a.id for a in kb.named("yoon seok yeol")] == ["jka:yoon-suk-yeol"]
    assert kb.named("Takeshima")[0].id == kb.named("독도")[0].id == "jka:dokdo"
    assert kb.get("jka:moon-jae-in").short_names() == {"moon"}
    assert kb.get("jka:abe-shinzo").short_names() == {"abe"}


def test_type_ahead_search() -> None:
    kb = shipped_actors()
    assert "jka:kishida-fumio" in [a.id for a in kb.search("Kishi")]
    assert kb.search("") == []


def test_bad_file_is_one_readable_error(tmp_path) -> None:
    path = tmp_path / "actors.yml"
    path.write_text("actors:\n  - {id: a, type: GPE, name: X}\n  - {id: a, type: GPE, name: Y}\n")
    with pytest.raises(InputError, match="appears twice"):
        load_actors(path)
    path.write_text("actors: [")
    with pytest.raises(InputError, match="cannot read"):
        load_actors(path)


def test_founding_days_parents_and_trades_are_well_formed(raw: list[dict]) -> None:
    ids = {item["id"]: item for item in raw}
    for item in raw:
        if item.get("since") is not None:
            assert item["type"] == "GPE" and ISO_DATE.match(str(item["since"])), item["id"]
        if item.get("parent") is not None:
            parent = ids.get(item["parent"])
            assert parent is not None and parent["type"] == item["type"] == "ORG", item["id"]
            assert parent.get("parent") is None, item["id"]  # one level: group → company
        for word in item.get("business") or []:
            assert item.get("parent") and str(word).strip() == word and word, item["id"]
    kb = shipped_actors()
    assert {a.id for a in kb.children["jka:samsung-group"]} == {"jka:samsung-electronics"}
    assert kb.get("jka:south-korea").since == "1948-08-15"
