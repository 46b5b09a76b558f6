"""The HTTP API and web page (`tracuu serve`): FastAPI over the same index and searcher as the CLI."""

from api.http.app import create_app
from api.http.settings import Limits, ServerSettings

__all__ = ["Limits", "ServerSettings", "create_app"]
