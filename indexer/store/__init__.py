"""The on-disk index (public: api/ opens it read-only through ``open_reader``).

``layout`` names the files and checks versions, ``catalog`` is the SQLite truth,
``lexical`` and ``vectors`` are the derived tantivy and faiss indexes.
"""
