from .site_clock import build_time, parse_moment, register, site_zone

__all__ = ["build_time", "parse_moment", "register", "site_zone"]
