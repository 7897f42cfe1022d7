"""Type stub of the compiled signer (``_minhash.c``)."""

from collections.abc import Sequence

def signature_block(texts: Sequence[str], /) -> bytes: ...
