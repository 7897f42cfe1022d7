"""The inverse of long edit runs, and applying them in memory: before and after one pass.

    python benchmarks/inverse_bench.py [--spans 5000]

A layer of ``--spans`` spans (every other one an event with an argument) gets three runs
of edits: remove every span (a suggest rewrite of a long article, or removing a long
run), reject every span (reject-all), and remove every argument. For each run it times
``edits.inverse`` and ``edits.apply_to_layer`` against the versions they replaced, which
``tests/history/test_inverse_linear.py`` keeps as the reference its property tests
compare with; the results are checked to be equal. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jkannotate.core import edits as ed  # noqa: E402
from jkannotate.core.model import EventArgument, Layer, LayerKind, Span, State  # noqa: E402


def reference() -> Any:
    """The test module that keeps the quadratic algorithms."""
    path = ROOT / "tests" / "history" / "test_inverse_linear.py"
    spec = importlib.util.spec_from_file_location("inverse_reference", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_layer(count: int) -> Layer:
    spans = [Span(4 * i, 4 * i + 3, "GPE", state=State.PENDING, uid=f"s{i}") for i in range(count)]
    arguments = [EventArgument(f"s{i}", f"s{i + 1}", "agent", uid=f"a{i}")
                 for i in range(0, count - 1, 2)]
    return Layer(1, LayerKind.ANNOTATOR, "alice", spans=spans, arguments=arguments)


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def copy(layer: Layer) -> Layer:
    return replace(layer, spans=list(layer.spans), arguments=list(layer.arguments))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--spans", type=int, default=5000)
    args = parser.parse_args()
    old = reference()
    layer = make_layer(args.spans)
    runs: dict[str, list[ed.Edit]] = {
        "remove_spans": [ed.RemoveSpan(s.uid) for s in layer.spans],
        "reject_all": [ed.UpdateSpan.of(s.uid, state=State.REJECTED) for s in layer.spans],
        "remove_arguments": [ed.RemoveArgument(a.uid) for a in layer.arguments],
    }
    figures: dict[str, dict[str, float]] = {}
    for name, edits in runs.items():
        before_s, before = timed(partial(old.quadratic_inverse, copy(layer), edits))
        after_s, after = timed(partial(ed.inverse, copy(layer), edits))
        assert after == before, f"{name}: the inverse differs from the reference"
        expected, got = copy(layer), copy(layer)
        apply_before_s, _ = timed(partial(old.apply_one_by_one, expected, edits))
        apply_after_s, _ = timed(partial(ed.apply_to_layer, got, edits))
        assert got == expected, f"{name}: applying differs from the reference"
        figures[name] = {
            "edits": len(edits),
            "inverse_before_s": round(before_s, 4),
            "inverse_after_s": round(after_s, 4),
            "inverse_speedup": round(before_s / max(after_s, 1e-9), 1),
            "apply_before_s": round(apply_before_s, 4),
            "apply_after_s": round(apply_after_s, 4),
        }
        print(f"{name:17} {len(edits):5} edits: inverse {before_s:.3f} s -> {after_s:.4f} s "
              f"({figures[name]['inverse_speedup']}x), apply {apply_before_s:.3f} s -> "
              f"{apply_after_s:.4f} s")
    print(json.dumps({"benchmark": "inverse", "spans": args.spans, "runs": figures}))


if __name__ == "__main__":
    main()
