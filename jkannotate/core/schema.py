"""The label scheme: entity, event and issue labels with colours, keys and guidelines."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from jkannotate.core.errors import InputError
from jkannotate.core.model import LabelKind
from jkannotate.core.resources import resource_path

_SECTIONS = {"entities": LabelKind.ENTITY, "events": LabelKind.EVENT, "issues": LabelKind.ISSUE}


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    kind: LabelKind
    colour: str
    key: str
    guideline: str = ""


@dataclass(slots=True)
class LabelSchema:
    labels: list[Label]
    roles: dict[str, str] = field(default_factory=dict)  # role name -> key
    # role name -> the entity labels its argument may carry; a role not listed takes any
    role_types: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def role_fits(self, role: str, label: str) -> bool:
        """Whether an argument labelled ``label`` may fill ``role`` (place: GPE or LOC, …)."""
        allowed = self.role_types.get(role)
        return not allowed or label in allowed

    def names(self, kind: LabelKind) -> list[str]:
        return [label.name for label in self.labels if label.kind is kind]

    def get(self, name: str, kind: LabelKind | None = None) -> Label:
        for label in self.labels:
            if label.name == name and (kind is None or label.kind is kind):
                return label
        raise KeyError(name)

    def kind_of(self, name: str) -> LabelKind:
        """Entity before event: a name used in both sections is read as an entity."""
        return self.get(name).kind

    def has(self, name: str, kind: LabelKind | None = None) -> bool:
        try:
            self.get(name, kind)
        except KeyError:
            return False
        return True

    @property
    def event_labels(self) -> list[str]:
        return self.names(LabelKind.EVENT)

    @property
    def issue_labels(self) -> list[str]:
        return self.names(LabelKind.ISSUE)


def schema_from_dict(data: dict[str, Any], origin: str = "schema") -> LabelSchema:
    labels: list[Label] = []
    for section, kind in _SECTIONS.items():
        for name, spec in (data.get(section) or {}).items():
            spec = spec or {}
            labels.append(
                Label(
                    name=str(name),
                    kind=kind,
                    colour=str(spec.get("colour", "#BBBBBB")),
                    key=str(spec.get("key", "")),
                    guideline=" ".join(str(spec.get("guideline", "")).split()),
                )
            )
    if not labels:
        raise InputError("the label scheme defines no labels", origin)
    roles = {str(k): str((v or {}).get("key", "")) for k, v in (data.get("roles") or {}).items()}
    role_types = {
        str(k): tuple(str(t) for t in (v or {}).get("types") or ())
        for k, v in (data.get("roles") or {}).items()
        if (v or {}).get("types")
    }
    return LabelSchema(labels=labels, roles=roles, role_types=role_types)


def load_schema(path: Path | None = None) -> LabelSchema:
    """Read ``resources/schema.yml`` (or another scheme file)."""
    path = path or resource_path("schema.yml")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise InputError(f"cannot read the label scheme: {error}", str(path)) from error
    if not isinstance(data, dict):
        raise InputError("the label scheme is not a mapping", str(path))
    return schema_from_dict(data, str(path))
