"""The knowledge graph: compiled from the KB, queried, and used for recommendations."""
