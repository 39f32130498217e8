"""The editors' preview: `invoke serve` keeps the site in memory between edits.

- `site.PreviewSite`: one Pelican object for the whole session; every batch
  of edits is one incremental build (SITE_INCREMENTAL) that reads only the
  changed files and renders only the pages whose inputs changed;
- `changes`: which kind of file changed, and what a build must redo;
- `server`: serves the built site (cached images and cards from their
  caches), holds a request until its page is up to date, reloads the
  browser when the new page is ready, shows the content problems instead of
  a stale page, and answers unknown addresses with the site's own 404 page.

Not a build step: every page is made by Pelican and our plugins, exactly as
`pelican content -s pelicanconf.py` makes it (tests/test_preview.py).
"""
