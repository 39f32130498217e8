from .pressroom import register

__all__ = ["register"]
