"""Production settings: `pelican content -s publishconf.py`.

Imports the preview settings and overrides only what production needs.
"""

import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403

# Every address in pages and feeds is absolute on the one canonical host.
SITEURL = "https://www.vluchtelingenwerk.be"
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False

# A clean output folder every time: nothing left over from an earlier build (as in pelicanconf.py).
DELETE_OUTPUT_DIRECTORY = True

# The static host (plugins/hosting): CNAME names the custom domain, .nojekyll
# makes the host serve the files as they are.
SITE_CNAME = urlsplit(SITEURL).hostname
SITE_NOJEKYLL = True

# The component gallery is for the preview only: never published.
COMPONENT_GALLERY = False

# The build time is the real time unless SITE_NOW is set in the environment:
# scheduled rebuilds are how embargoed items go live without a push.
SITE_NOW = None

# Example data (example.org addresses, "Voorbeeld" names) ends the build with a warning;
# `invoke publish` refuses it (kernel.example_data).
SITE_WARN_EXAMPLE_DATA = True

# The published web editor saves in the GitHub repository, as drafts (pull requests) until published.
ADMIN = {**ADMIN, "backend": "github"}  # noqa: F405
