"""Embedding backends, one module each; ``indexer.embedding.load_embedder`` picks one by spec."""
