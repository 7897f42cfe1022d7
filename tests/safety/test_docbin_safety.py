"""DocBin files: written in shards (the same file content as one DocBin), and a zlib bomb
refused before it is inflated."""

from __future__ import annotations

import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
import srsly
from spacy.tokens import DocBin

from jkannotate.cli import main
from jkannotate.core.schema import load_schema
from jkannotate.formats import FORMATS, ReadOptions, WriteOptions
from jkannotate.formats.base import FormatReport, issue_labels
from jkannotate.formats.docbin import build_doc
from jkannotate.formats.docbin_io import ShardedDocBinWriter
from tests.safety.conftest import annotated, make_project

REPO = Path(__file__).resolve().parents[2]


def test_a_sharded_file_holds_what_one_docbin_holds(tmp_path: Path) -> None:
    docs = annotated(40)
    options = WriteOptions(layer="ann", schema=load_schema())
    labels = issue_labels(options.schema)
    whole = DocBin(store_user_data=True)
    writer = ShardedDocBinWriter(shard_docs=7)  # several shards and a partial last one
    for item in docs:
        doc = build_doc(item, options, labels, FormatReport())
        assert doc is not None
        whole.add(doc)
        writer.add(doc)
    with open(tmp_path / "sharded.spacy", "wb") as stream:
        writer.write_to(stream)
    writer.close()
    sharded = (tmp_path / "sharded.spacy").read_bytes()
    assert srsly.msgpack_loads(zlib.decompress(sharded)) == srsly.msgpack_loads(
        zlib.decompress(whole.to_bytes()))
    # and it reads back through the format, document by document
    FORMATS["spacy"].write(docs, tmp_path / "out.spacy", options)
    read, report = FORMATS["spacy"].read(tmp_path / "out.spacy", ReadOptions(schema=load_schema()))
    assert report.documents == 40
    assert [d.document.text for d in read] == [d.document.text for d in docs]
    assert [sorted(s.key for s in d.layers[0].spans) for d in read] == [
        sorted(s.key for s in d.layers[0].spans) for d in docs]


def write_bomb(path: Path, inflated_gb: int = 3) -> int:
    """A valid zlib stream of zeros inflating ~1000x (identical fully flushed deflate
    blocks, then the right Adler-32); returns its size."""
    block = b"\0" * (1024 * 1024)
    compressor = zlib.compressobj(9)
    head = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    piece = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush()[:-4]  # the final block, without the checksum of two blocks
    blocks = inflated_gb * 1024
    adler = 1
    for _ in range(blocks):
        adler = zlib.adler32(block, adler)
    path.write_bytes(head + piece * (blocks - 1) + end + adler.to_bytes(4, "big"))
    return path.stat().st_size


# VmHWM, not ru_maxrss: Linux carries the forking parent's peak (the whole test session's)
# into ru_maxrss across exec, while VmHWM belongs to this process's own memory map
MEASURE = """
import re, sys
from jkannotate.cli import main
code = main(sys.argv[1:])
status = open("/proc/self/status").read()
print(int(re.search(r"VmHWM:\\s+(\\d+)", status).group(1)) // 1024, code)
"""


def test_a_zlib_bomb_is_refused_in_bounded_memory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = tmp_path / "bomb.spacy"
    size = write_bomb(bomb)
    assert 2_000_000 < size < 4_000_000
    db = make_project(tmp_path / "p.db", 2)
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, "import", str(bomb), "--format", "spacy",
         "--db", str(db), "--layer", "gold"],
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True,
        timeout=300)
    peak_mb, code = (int(x) for x in done.stdout.split())
    print(f"zlib bomb of {size / 1e6:.1f} MB: refused with peak RSS {peak_mb} MB")
    assert code != 0
    (line,) = done.stderr.strip().splitlines()
    assert str(bomb) in line and "zlib bomb" in line
    assert peak_mb < 600  # unchecked, inflating it took 6.4 GB
    assert main(["stats", "--db", str(db)]) == 0
    assert "documents: 2" in capsys.readouterr().out
