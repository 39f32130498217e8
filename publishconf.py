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

# Feeds on (Atom: everything, per type, per topic), stated here so production
# never depends on the preview settings keeping them.
FEED_ALL_ATOM = "feeds/alles.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
TAG_FEED_ATOM = "feeds/onderwerpen/{slug}.atom.xml"

# Drafts are never written anywhere, whatever the preview settings say.
DRAFT_URL = DRAFT_SAVE_AS = ""
DRAFT_PAGE_URL = DRAFT_PAGE_SAVE_AS = ""
DRAFT_LANG_URL = DRAFT_LANG_SAVE_AS = DRAFT_PAGE_LANG_URL = DRAFT_PAGE_LANG_SAVE_AS = ""

# A clean output folder every time: nothing left over from an earlier build.
DELETE_OUTPUT_DIRECTORY = True
OUTPUT_RETENTION = []
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

# The static host (plugins/hosting): CNAME names the custom domain, .nojekyll
# makes the host serve the files as they are.
SITE_CNAME = urlsplit(SITEURL).hostname
SITE_NOJEKYLL = True

# The build time is the real time unless SITE_NOW is set in the environment:
# scheduled rebuilds are how embargoed items go live without a push.
SITE_NOW = None
