"""The knowledge base: YAML files in ``kb/`` (plus overlays), validated and compiled.

>>> kb = load_kb()
>>> kb.resolve("Amazon SQS")
'sqs'
"""
from .model import KB, normalize
from .store import load_kb

__all__ = ["KB", "load_kb", "normalize"]
