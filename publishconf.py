"""Production settings: `pelican content -s publishconf.py`.

Imports the preview settings and overrides only what production needs.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403

SITEURL = "https://www.vluchtelingenwerk.be"
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
