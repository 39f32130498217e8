from .embargo import Embargoed, find_embargoed, lift_moment, register

__all__ = ["Embargoed", "find_embargoed", "lift_moment", "register"]
