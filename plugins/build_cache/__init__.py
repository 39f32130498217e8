from .build_cache import keep, register

__all__ = ["keep", "register"]
