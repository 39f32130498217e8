from .countdown import register

__all__ = ["register"]
