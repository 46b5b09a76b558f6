"""eval.scope_cost on a tiny index: the collections split the documents, every scope answers
inside itself, and each scope's latencies are measured on the same queries."""

from pathlib import Path

from eval.provenance import provenance
from eval.scope_cost import SCOPES, markdown, run


def test_tiny_run(shared_data: Path, tmp_path: Path) -> None:
    report = run(chunks=700, queries=4, warmup=1, pool=8, workdir=tmp_path)
    documents = report["documents"]
    assert sum(report["collections"].values()) == documents and set(report["collections"]) == {"half", "rest", "small"}
    searched = report["scope_documents"]
    assert searched["full access"] is None and searched["public, all collections, no stamps"] is None
    assert 0 < searched["key of 'small' (2 %)"] < searched["key of 'half' (49 %)"] < documents
    assert report["results_outside_scope"] == 0
    for mode in ("bm25", "hybrid"):
        for name in SCOPES:
            entry = report["latency_ms"][mode][name]
            assert entry["n"] == 4 and 0 < entry["p50_ms"] <= entry["p95_ms"], (mode, name)
    report.update(provenance("python -m eval scope --chunks 700"))
    assert "key of 'half' (49 %)" in markdown(report)
