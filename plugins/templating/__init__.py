from .templating import register

__all__ = ["register"]
