"""Settings for preview builds: `pelican content -s pelicanconf.py`.

publishconf.py imports everything here and overrides only what production needs.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Plugins share one kernel package (plugins/kernel/) and import nothing else of ours.
if str(HERE / "plugins") not in sys.path:
    sys.path.insert(0, str(HERE / "plugins"))

SITENAME = "Vluchtelingenwerk Vlaanderen"
SITE_DESCRIPTION = (
    "Vluchtelingenwerk Vlaanderen komt op voor de rechten van asielzoekers en vluchtelingen, "
    "samen met een vijftigtal lidorganisaties en vele vrijwilligers."
)
SITEURL = ""
# The public address: share links and calendar entries of preview builds (SITEURL empty) use it.
SITE_PUBLIC_URL = "https://www.vluchtelingenwerk.be"
PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
TIMEZONE = "Europe/Brussels"
DEFAULT_LANG = "nl"
LOCALE = ("C.UTF-8",)  # dates are formatted in Dutch by Babel, not by the machine's locale

# The one clock: SITE_NOW (ISO 8601) fixes the build time; unset means now.
# The environment variable of the same name does the same from the shell.
SITE_NOW = None

# Plugins are imported here, not named: a plugin that fails to import stops
# the build at once instead of being skipped with a log line.
import admin  # noqa: E402
import campaign_art  # noqa: E402
import content_model  # noqa: E402
import countdown  # noqa: E402
import editorial  # noqa: E402
import embargo  # noqa: E402
import gallery  # noqa: E402
import hosting  # noqa: E402
import images  # noqa: E402
import kernel  # noqa: E402
import members  # noqa: E402
import pressroom  # noqa: E402
import search  # noqa: E402
import seo  # noqa: E402
import site_writer  # noqa: E402
import social_cards  # noqa: E402
import stable_output  # noqa: E402
import templating  # noqa: E402
import theme_assets  # noqa: E402
import translations  # noqa: E402
import validation  # noqa: E402

PLUGIN_PATHS = [str(HERE / "plugins")]
# Handlers of one signal run in this order. The kernel starts every build; site_writer
# supplies the writer; editorial, pressroom and translations check every item before the
# embargo holds some back; search starts indexing the written pages before images and cards are put in
# place, and stable_output tidies the index after it. campaign_art draws the pictures of
# campaigns without an image before images makes their responsive copies.
PLUGINS = [kernel, site_writer, content_model, validation, editorial, pressroom, translations, embargo, templating,
           countdown, members, search, gallery, campaign_art, images, social_cards, admin, seo, hosting, stable_output,
           theme_assets]

# Content model: the folder gives the type (see docs/content-model.md).
ARTICLE_PATHS = ["campagnes", "persberichten", "opinie"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "files", "extra"]
EXTRA_PATH_METADATA = {}
USE_FOLDER_AS_CATEGORY = True
SLUGIFY_SOURCE = "title"
READERS = {"html": None, "htm": None, "rst": None}

# Translations (plugins/translations): a file in the same folder with the same slug and
# `lang: fr` or `lang: en`; it is published under its language's prefix (DEFAULT_LANG above).
ARTICLE_TRANSLATION_ID = ("category", "slug")  # the folder and the slug: a campaign never pairs with a release
PAGE_TRANSLATION_ID = "slug"
ARTICLE_LANG_URL = "{lang}/{category}/{slug}/"
ARTICLE_LANG_SAVE_AS = "{lang}/{category}/{slug}/index.html"
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"

ARTICLE_URL = "{category}/{slug}/"
ARTICLE_SAVE_AS = "{category}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "{slug}/"
CATEGORY_SAVE_AS = "{slug}/index.html"
TAG_URL = "onderwerpen/{slug}/"
TAG_SAVE_AS = "onderwerpen/{slug}/index.html"
AUTHOR_URL = "auteurs/{slug}/"
AUTHOR_SAVE_AS = "auteurs/{slug}/index.html"
STATIC_URL = "{path}"
STATIC_SAVE_AS = "{path}"

# Drafts are never written: a draft at a guessable public address is a leak.
DRAFT_URL = DRAFT_SAVE_AS = ""
DRAFT_PAGE_URL = DRAFT_PAGE_SAVE_AS = ""
DRAFT_LANG_URL = DRAFT_LANG_SAVE_AS = DRAFT_PAGE_LANG_URL = DRAFT_PAGE_LANG_SAVE_AS = ""
WITH_FUTURE_DATES = True  # the embargo plugin decides what is published, not Pelican

# Pelican's own listing pages that we do not use.
DIRECT_TEMPLATES = []
INDEX_SAVE_AS = ""
ARCHIVES_SAVE_AS = YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
AUTHORS_SAVE_AS = CATEGORIES_SAVE_AS = TAGS_SAVE_AS = ""
# Listings (/opinie/, /campagnes/ past actions, topics, authors) show 25 items a
# page, so no page outgrows its 60 KB budget however large the archive grows.
# The press room shows the first 25 releases itself and links on to page 2.
DEFAULT_PAGINATION = 25
PAGINATED_TEMPLATES = {"category": None, "tag": None, "author": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/pagina/{number}/", "{base_name}/pagina/{number}/index.html"),
)
ARTICLE_ORDER_BY = "reversed-date"

# Feeds (Atom): everything in Dutch, per type and per topic; per language for translations
# (feeds/fr/alles.atom.xml, LANGUAGE_FEED_ATOM; the press room adds feeds/<lang>/persberichten.atom.xml). Every feed
# carries its language as xml:lang (plugins/translations).
FEED_DOMAIN = SITEURL
FEED_ATOM = "feeds/alles.atom.xml"  # the Dutch originals (FEED_ALL_ATOM would mix in every language)
FEED_ALL_ATOM = None
LANGUAGE_FEED_ATOM = "feeds/{lang}/alles.atom.xml"  # plugins/translations, for fr and en, always written
TRANSLATION_FEED_ATOM = None
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
TAG_FEED_ATOM = "feeds/onderwerpen/{slug}.atom.xml"
FEED_ALL_RSS = CATEGORY_FEED_RSS = TAG_FEED_RSS = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
TRANSLATION_FEED_RSS = None
RSS_FEED_SUMMARY_ONLY = True
# Preview feeds have root-relative links; publishconf.py sets the real domain.
import logging  # noqa: E402

LOG_FILTER = [(logging.WARNING, "Feeds generated without SITEURL or FEED_DOMAIN set properly may not be valid")]

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {},
        "markdown.extensions.meta": {},
        # smarty's quotes, dashes and ellipses, byte for byte, in half the time (plugins/content_model/typography.py)
        "content_model.typography": {"smart_angled_quotes": False},
    },
    "output_format": "html",
}
FORMATTED_FIELDS = ["summary", "notes"]
SUMMARY_MAX_LENGTH = 40

# Autoescape every template: only rendered Markdown bodies are marked safe.
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "extensions": [],
    # Pelican makes fresh Jinja environments for every build (the preview's too), so a template
    # never changes under one: without this Jinja stats every template file on every include.
    "auto_reload": False,
}

# The output folder is emptied once the content passed every check (plugins/kernel):
# a build that fails leaves the last good site as it was, a good one starts from
# nothing. The preview (`invoke serve`) keeps its site in memory between edits instead.
DELETE_OUTPUT_DIRECTORY = False
SITE_FRESH_OUTPUT = True
OUTPUT_RETENTION = []
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
RELATIVE_URLS = False

# Main navigation, in order: (label, path).
MENU = [
    ("Campagnes", "/campagnes/"),
    ("Pers", "/persberichten/"),
    ("Opinie", "/opinie/"),
    ("Ondersteuning", "/ondersteuning/"),
    ("Over ons", "/over-ons/"),
    ("Contact", "/contact/"),
    ("Zoeken", "/zoeken/"),
]
# The call to action in the header (its text is site.cta in theme/strings/nl.yml): a page of ours.
CTA_PATH = "/steun-ons/"
# The component gallery at /componenten/ (plugins/gallery): in the preview only; publishconf.py turns it off.
COMPONENT_GALLERY = True

# The web editor at /admin/ (plugins/admin, docs/admin.md). Preview builds save through the local
# backend of `make edit` on 127.0.0.1:local_port; publishconf.py switches to GitHub.
ADMIN = {
    "backend": "local",
    "local_port": 8081,
    "repo": "vluchtelingenwerk-vlaanderen/website",  # the GitHub repository (owner/name) the site is built from
    "branch": "main",
    "oauth_url": "https://cms-login.vluchtelingenwerk.be",  # the OAuth helper (docs/admin.md, "Signing in")
}

# Images (plugins/images): responsive derivatives and clean originals, cached
# outside output/ (see the plugin's docstring). IMAGES = {...} overrides defaults.
IMAGES_CACHE_PATH = str(HERE / ".cache" / "images")
SOCIAL_CARDS_CACHE_PATH = str(HERE / ".cache" / "social-cards")
CAMPAIGN_ART_CACHE_PATH = str(HERE / ".cache" / "campaign-art")
