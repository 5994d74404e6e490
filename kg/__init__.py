"""techkg: an offline, multilingual knowledge-graph builder for tech-industry relationships."""
__version__ = "0.1.0"

from .api import build, evaluate, evaluate_links, extract, link_documents, load, query, rebuild, stats, to_json, validate  # noqa: E402
from .errors import KGError  # noqa: E402

__all__ = ["build", "evaluate", "evaluate_links", "extract", "link_documents", "load", "query", "rebuild", "stats",
           "to_json", "validate", "KGError", "__version__"]
