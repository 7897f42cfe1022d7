"""Entity candidates and their resolution into non-overlapping spans (longest first)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# priorities break ties between candidates of the same length: gazetteer > pattern > shape > model
GAZETTEER, PATTERN, SHAPE, ALIAS, MODEL = 4, 3, 2, 1, 0


@dataclass(slots=True)
class Candidate:
    """A proposed entity over tokens ``start:end`` with its provenance."""

    start: int
    end: int
    label: str
    source: str
    confidence: float
    priority: int

    @property
    def length(self) -> int:
        return self.end - self.start


def resolve(candidates: Iterable[Candidate], n_tokens: int, taken: bytearray | None = None
            ) -> list[Candidate]:
    """Greedy longest-first selection without overlaps; ``taken`` marks tokens already used.

    Linear in the number of candidate tokens plus a sort of the candidates.
    """
    occupied = taken if taken is not None else bytearray(n_tokens)
    chosen: list[Candidate] = []
    for cand in sorted(candidates, key=lambda c: (-c.length, -c.priority, c.start)):
        if cand.length <= 0 or any(occupied[cand.start:cand.end]):
            continue
        occupied[cand.start:cand.end] = b"\x01" * cand.length
        chosen.append(cand)
    chosen.sort(key=lambda c: c.start)
    return chosen
