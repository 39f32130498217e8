from .campaign_art import register

__all__ = ["register"]
