"""OpenSearch as the search backend: the only package that speaks to the cluster.

``writer`` copies an embedded index (indexer/store/) into a cluster; ``reader`` answers the calls
api/search/searcher.py makes of an IndexReader, from the cluster alone. ``schema`` owns the
index bodies and names.
"""

from indexer.store.opensearch.schema import BackendUnsupported, ClusterUnavailable

__all__ = ["BackendUnsupported", "ClusterUnavailable"]
