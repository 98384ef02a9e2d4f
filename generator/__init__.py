"""archkb: an architecture knowledge graph and diagram generator for AWS serverless systems."""

__version__ = "0.1.0"
