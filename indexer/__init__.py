"""tracuu indexer: report files → an index on disk that api/ searches.

    extraction/  file → clean Vietnamese text, section tree, metadata (each value with its span)
    analysis/    the Vietnamese analyzer shared with queries (syllables, bigrams, codes)
    chunking     section-aware chunks and their sentence windows
    embedding/   dense vectors: backends chosen by a spec string, and the one-time model conversion
    store/       the on-disk index: every SQL statement, tantivy, faiss, the embedding cache
    update       `tracuu index`: bring an index up to date with files and folders, incrementally
    records, uploads   the same for in-memory records (data sets) and files received over HTTP
"""
