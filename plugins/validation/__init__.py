from .validation import register

__all__ = ["register"]
