"""Review commands run as the team's admin unless a test names someone (``--annotator``):
blind annotation hides annotators' layers from anyone else who is not a reviewer."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _work_as_the_admin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JKANNOTATE_USER", "lead")
