"""Publishing and local gates: `invoke publish` and `invoke check` call into here."""

from .publish import CHECKS, PublishError, PublishResult, publish, uncommitted_changes

__all__ = ["CHECKS", "PublishError", "PublishResult", "publish", "uncommitted_changes"]
