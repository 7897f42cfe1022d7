"""The team of a project: users and their roles, who annotates which documents
(assignment), and which layers each of them may see (blind annotation)."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING, Any

from jkannotate.core.errors import InputError, PermissionDenied
from jkannotate.core.model import GOLD_OWNER, SUGGESTER_OWNER, Layer, LayerKind, Role
from jkannotate.review.selection import FINISHED

if TYPE_CHECKING:
    from jkannotate.project import Project

RESERVED_NAMES = frozenset({GOLD_OWNER, SUGGESTER_OWNER, "suggestion"})


# users and roles ---------------------------------------------------------------


def require_role(project: Project, allowed: Iterable[Role], doing: str) -> None:
    """Refuse unless the working user's stored role is one of ``allowed``."""
    role = project.role_of()
    if role in set(allowed):
        return
    who = (
        f"{project.user} is an annotator"
        if project.user in project.users()
        else f"{project.user} is not a user of this project (see users add)"
    )
    raise PermissionDenied(f"{who}: only reviewers and admins {doing}")


def _checked(name: str, role: str) -> tuple[str, Role]:
    name = name.strip()
    if (
        not name
        or name.casefold() in RESERVED_NAMES
        or "," in name
        or name.startswith(("pg_", "jk_"))
    ):
        raise InputError(
            f"{name!r} cannot be a user name (empty, a comma, a layer name or a server role)"
        )
    try:
        return name, Role(role)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise InputError(f"unknown role {role!r}; use one of {choices}") from None


@dataclass(slots=True)
class Registration:
    name: str
    role: Role
    login_created: bool  # a PostgreSQL login was created (without a password)

    def line(self) -> str:
        text = f"{self.name}: {self.role.value}"
        if self.login_created:
            text += (
                f" (server login {self.name} created without a password: the database "
                f"admin sets one, e.g. psql -c '\\password {self.name}')"
            )
        return text


def register(project: Project, name: str, role: str = Role.ANNOTATOR.value) -> Registration:
    """Register ``name`` with ``role`` (or change their role); on PostgreSQL also their
    server login and its group role, checked by the server.

    Only admins may; in a project without an admin only ``init`` makes the first one (on
    a SQLite file without any users, whoever holds the file may register the team).
    The last admin cannot be demoted.
    """
    name, wanted = _checked(name, role)
    outcome = project.register_user(name, wanted.value)
    return Registration(name, wanted, outcome == "created")


def add_user(project: Project, name: str, role: str = Role.ANNOTATOR.value) -> Role:
    """:func:`register`, returning the role given."""
    return register(project, name, role).role


def init_project(project: Project, admin: str) -> Registration:
    """The bootstrap: the database owner (on SQLite, whoever holds the file) makes
    ``admin`` the project's first admin. Refused once the project has another admin."""
    name, _ = _checked(admin, Role.ADMIN.value)
    outcome = project.bootstrap_admin(name)
    return Registration(name, Role.ADMIN, outcome == "created")


def list_users(project: Project) -> list[dict[str, Any]]:
    """Registered users with their role and how many documents are assigned to them."""
    assigned = project.assignments()
    return [
        {"name": name, "role": role, "assigned": len(assigned.get(name, ()))}
        for name, role in project.users().items()
    ]


# assignment ----------------------------------------------------------------------


@dataclass(slots=True)
class AssignmentSummary:
    documents: int
    double: int  # documents given to two annotators
    load: dict[str, int]  # annotator -> assigned documents
    pairs: dict[str, int] = field(default_factory=dict)  # "a,b" -> shared documents

    @property
    def overlap(self) -> float:
        return self.double / self.documents if self.documents else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "double_annotated": self.double,
            "overlap": round(self.overlap, 4),
            "load": dict(self.load),
            "pairs": dict(self.pairs),
        }

    def line(self) -> str:
        loads = ", ".join(f"{name} {n}" for name, n in self.load.items())
        return (
            f"{self.documents} documents assigned, {self.double} double-annotated "
            f"({self.overlap:.0%}): {loads}"
        )


def plan_assignment(
    doc_ids: Sequence[int], annotators: Sequence[str], overlap: float, seed: int = 0
) -> list[tuple[int, str]]:
    """(document, annotator) pairs: ``round(overlap × documents)`` documents go to two
    annotators, the rest to one; loads differ by at most one document, shared documents
    are spread over all annotator pairs, and the same seed gives the same plan."""
    names = list(annotators)
    if not names or len(set(names)) != len(names) or any(not n.strip() for n in names):
        raise InputError("give distinct, non-empty annotator names, e.g. --annotators a,b,c")
    if not 0.0 <= overlap <= 1.0:
        raise InputError(f"--overlap must be between 0 and 1, not {overlap}")
    double_count = round(overlap * len(doc_ids))
    if double_count and len(names) < 2:
        raise InputError("double annotation needs at least two annotators")
    order = sorted(doc_ids)
    random.Random(seed).shuffle(order)
    load = dict.fromkeys(names, 0)
    shared = dict.fromkeys(combinations(range(len(names)), 2), 0)
    plan: list[tuple[int, str]] = []
    for doc_id in order[:double_count]:
        # the two least-loaded annotators; among equals, the pair that shared least
        i, j = min(
            shared,
            key=lambda p: (load[names[p[0]]] + load[names[p[1]]], shared[p], p),
        )
        shared[(i, j)] += 1
        for index in (i, j):
            load[names[index]] += 1
            plan.append((doc_id, names[index]))
    for doc_id in order[double_count:]:
        name = min(names, key=lambda n: (load[n], names.index(n)))
        load[name] += 1
        plan.append((doc_id, name))
    return plan


def assign(
    project: Project, annotators: Sequence[str], overlap: float = 0.2, seed: int = 0
) -> AssignmentSummary:
    """Replace the project's assignments with a new plan over all its documents."""
    require_role(project, (Role.REVIEWER, Role.ADMIN), "assign documents")
    users = project.users()
    unknown = [name for name in annotators if users and name not in users]
    if unknown:
        raise InputError(f"not a user of this project: {', '.join(unknown)} (see users add)")
    doc_ids = project.document_ids()
    if not doc_ids:
        raise InputError("the project has no documents to assign")
    plan = plan_assignment(doc_ids, annotators, overlap, seed)
    project.set_assignments(plan)
    load = dict.fromkeys(annotators, 0)
    owners: dict[int, list[str]] = {}
    for doc_id, name in plan:
        load[name] += 1
        owners.setdefault(doc_id, []).append(name)
    pairs: dict[str, int] = {}
    for names in owners.values():
        if len(names) == 2:
            key = ",".join(names)
            pairs[key] = pairs.get(key, 0) + 1
    double = sum(1 for names in owners.values() if len(names) > 1)
    return AssignmentSummary(len(doc_ids), double, load, dict(sorted(pairs.items())))


def assigned_documents(project: Project, annotator: str | None = None) -> list[int]:
    """The ids of the documents assigned to ``annotator``; every document while the
    project has no assignments at all."""
    assignments = project.assignments()
    if not assignments:
        return project.document_ids()
    return sorted(assignments.get(annotator or project.user, ()))


# blind annotation -----------------------------------------------------------------


def visible_layers(project: Project, doc_id: int, viewer: str | None = None) -> list[Layer]:
    """The layers of a document ``viewer`` may see.

    Reviewers and admins see everything. An annotator sees the suggestions and their
    own layer, and everyone else's (gold included) only once their own is finished.
    """
    viewer = viewer or project.user
    layers = project.layers(doc_id)
    if project.role_of(viewer) is not Role.ANNOTATOR:
        return layers
    own = [layer for layer in layers if layer.kind is LayerKind.ANNOTATOR and layer.owner == viewer]
    if any(layer.status.value in FINISHED for layer in own):
        return layers
    return [
        layer
        for layer in layers
        if layer.kind is LayerKind.SUGGESTION
        or (layer.kind is LayerKind.ANNOTATOR and layer.owner == viewer)
    ]
