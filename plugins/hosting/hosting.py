"""Files the static host needs beside the site, written by the build from settings.

- `SITE_CNAME`: the custom domain (e.g. "www.vluchtelingenwerk.be"). When set,
  the build writes it to `CNAME` at the root of the output, which is how GitHub
  Pages (and compatible hosts) know the site's canonical host. Only
  publishconf.py sets it: a preview build has no CNAME.
- `SITE_NOJEKYLL`: when true, an empty `.nojekyll` is written so the host serves
  the files as they are (no Jekyll processing, folders starting with `_` kept).

A SITE_CNAME that is not a bare host name (a URL, a path, a port) stops the
build before anything is read, with a message naming the setting.
"""

from __future__ import annotations

import logging
import re

from pelican import signals

from kernel import output

logger = logging.getLogger(__name__)

CNAME_SETTING = "SITE_CNAME"
NOJEKYLL_SETTING = "SITE_NOJEKYLL"
HOST_NAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class HostingSettingError(ValueError):
    """A hosting setting holds something the host cannot use."""


def check_settings(pelican) -> None:
    """A wrong SITE_CNAME stops the build at once, before any content is read."""
    cname = pelican.settings.get(CNAME_SETTING)
    if cname and not HOST_NAME.match(str(cname)):
        raise HostingSettingError(
            f"{CNAME_SETTING}: {cname!r} is not a host name. "
            "Expected: a bare host name such as www.vluchtelingenwerk.be (no https://, no path, no port)"
        )


def write_host_files(pelican) -> None:
    settings = pelican.settings
    cname = settings.get(CNAME_SETTING)
    if cname:
        output.write_text(settings, "CNAME", f"{cname}\n")
        logger.info("hosting: wrote CNAME for %s", cname)
    if settings.get(NOJEKYLL_SETTING):
        output.write_bytes(settings, ".nojekyll", b"")


def register():
    signals.initialized.connect(check_settings)
    signals.finalized.connect(write_host_files)
