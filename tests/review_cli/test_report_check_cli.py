"""``report`` writes one well-formed HTML page atomically; ``check`` finds what we plant."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from review_cli_helpers import annotate, new_project, run, team_project

from jkannotate.core.model import LayerStatus
from jkannotate.operations.review import check, gazetteer_aliases, unlabelled_names
from jkannotate.project import Project
from jkannotate.review import consistency_check
from jkannotate.review.consistency import label_conflicts


def test_report_is_well_formed_html_with_team_figures(capsys, db_path, tmp_path) -> None:
    team_project(db_path)
    out = tmp_path / "site" / "review.html"
    out.parent.mkdir()
    code, stdout, _ = run(capsys, "report", out, "--db", db_path)
    assert code == 0 and str(out) in stdout
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    root = ET.fromstring(page.split("\n", 1)[1])  # strict XML parse after the doctype
    assert root.tag == "html"
    text = "".join(root.itertext())
    assert "4 documents" in text  # every document of the project, annotated or not
    for name in ("alice", "bob", "carol"):
        assert name in text
    assert root.find(".//{http://www.w3.org/2000/svg}svg") is not None  # agreement chart
    assert [p.name for p in out.parent.iterdir()] == ["review.html"]  # no temp file left


def test_report_replaces_an_old_page_and_refuses_a_missing_folder(capsys, db_path, tmp_path):
    new_project(db_path)  # nobody annotated: a page without agreement figures
    out = tmp_path / "review.html"
    out.write_text("old", encoding="utf-8")
    code, _, err = run(capsys, "report", out, "--db", db_path)
    assert code == 1 and "already exists; --force replaces it" in err
    assert out.read_text(encoding="utf-8") == "old"
    assert run(capsys, "report", out, "--db", db_path, "--force")[0] == 0
    ET.fromstring(out.read_text(encoding="utf-8").split("\n", 1)[1])
    missing = tmp_path / "nowhere" / "review.html"
    code, _, err = run(capsys, "report", missing, "--db", db_path)
    assert code == 1 and "does not exist" in err and not missing.parent.exists()


def test_check_finds_planted_label_conflict_and_unlabelled_gazetteer_name(capsys, db_path):
    d1, d2, d3, d4 = new_project(db_path)
    # "Takeshima" is a location in one article and (wrongly) an organisation in another
    extra = new_project(
        db_path, [("Sankei", "Shimane prefecture marks Takeshima Day, angering Seoul.")]
    )
    annotate(db_path, "alice", d4, [("Takeshima", "LOC"), ("Japan", "GPE")])
    annotate(db_path, "bob", extra[0], [("Takeshima", "ORG"), ("Seoul", "GPE")])
    # a finished layer that leaves the gazetteer's "Yoon Suk Yeol" unlabelled
    annotate(db_path, "alice", d2, [("Fumio Kishida", "PERSON")])
    # unfinished work is not checked
    annotate(db_path, "carol", d3, [("Tokyo", "ORG")], status=LayerStatus.IN_PROGRESS)
    code, out, _ = run(capsys, "check", "--db", db_path, "--json")
    assert code == 0 and len(out.strip().splitlines()) == 1
    result = json.loads(out)
    found = {(item["kind"], item["surface"]): item for item in result["inconsistencies"]}
    conflict = found[("label_conflict", "Takeshima")]
    assert conflict["labels"] == {"LOC": 1, "ORG": 1}
    assert {o["document_id"] for o in conflict["occurrences"]} == {d4, extra[0]}
    missed = found[("unlabelled_gazetteer", "Yoon Suk Yeol")]
    assert missed["labels"] == {"PERSON": 0}
    assert [(o["document_id"], o["layer"]) for o in missed["occurrences"]] == [(d2, "alice")]
    assert ("unlabelled_gazetteer", "Fumio Kishida") not in found  # labelled
    assert ("label_conflict", "Tokyo") not in found  # carol's layer is not finished
    assert all(item["occurrences"][0]["document_id"] != d1 for item in found.values())
    code, out, _ = run(capsys, "check", "--db", db_path)
    assert code == 0 and "“Takeshima” is labelled differently in 2 documents" in out


def test_gazetteer_is_read_defensively(db_path, tmp_path) -> None:
    new_project(db_path)
    odd = tmp_path / "gazetteer.yml"
    odd.write_text(
        "PERSON:\n  - Moon Jae-in | Moon\n  - {name: Shinzo Abe, aliases: [Abe]}\n"
        "ORG:\n  - Moon\n  - [Hyundai Motor, Hyundai]\n  - 42\nCOLOUR:\n  - Blue House\n"
        "GPE: not a list\n",
        encoding="utf-8",
    )
    with Project.open(db_path) as project:
        aliases, warnings = gazetteer_aliases(project, odd)
        assert aliases == {
            "Moon Jae-in": "PERSON",
            "Shinzo Abe": "PERSON",
            "Abe": "PERSON",
            "Hyundai Motor": "ORG",
            "Hyundai": "ORG",
        }  # "Moon" is under two labels: left out
        assert len(warnings) == 1 and "COLOUR" in warnings[0]
        broken = tmp_path / "broken.yml"
        broken.write_text("PERSON: [unclosed\n", encoding="utf-8")
        assert gazetteer_aliases(project, broken)[0] == {}
        assert "gazetteer not used" in gazetteer_aliases(project, broken)[1][0]
        assert gazetteer_aliases(project, Path(tmp_path / "absent.yml")) == ({}, [])
        shipped, shipped_warnings = gazetteer_aliases(project)
        assert shipped["Yoon Suk Yeol"] == "PERSON" and shipped_warnings == []


def test_check_equals_the_review_consistency_check(db_path) -> None:
    team_project(db_path)
    with Project.open(db_path, user="rita") as project:
        docs = [project.annotated(s.id) for s in project.documents()]
        aliases, _ = gazetteer_aliases(project)
        # a gazetteer whose aliases nest and repeat, so longest-first matching matters
        aliases |= {"Tokyo": "GPE", "Mitsubishi Heavy": "ORG", "Kishida": "PERSON"}
        expected = [item.to_json() for item in consistency_check(docs, aliases)]
        found = label_conflicts(docs) + unlabelled_names(docs, aliases)
        assert [item.to_json() for item in found] == expected
        assert any(item["kind"] == "unlabelled_gazetteer" for item in expected)
        assert [item.to_json() for item in check(project)[0]] == [
            item.to_json() for item in consistency_check(docs, gazetteer_aliases(project)[0])
        ]
