from .stable_output import register

__all__ = ["register"]
