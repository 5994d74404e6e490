"""techkg: an offline, multilingual knowledge-graph builder for tech-industry relationships."""
__version__ = "0.1.0"
