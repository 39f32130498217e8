from .content_model import register

__all__ = ["register"]
