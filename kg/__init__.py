"""techkg: an offline, multilingual knowledge-graph builder for tech-industry relationships."""
__version__ = "0.1.0"

from .api import (build, evaluate, evaluate_links, extract, link_documents, load, push, query, rebuild, viz,  # noqa: E402
                  remove, stats, to_json, validate)
from .errors import KGError  # noqa: E402

__all__ = ["build", "evaluate", "evaluate_links", "extract", "link_documents", "load", "push", "query", "rebuild", "viz",
           "remove", "stats", "to_json", "validate", "KGError", "__version__"]
