"""The page the preview shows instead of any page while the content has problems."""

from __future__ import annotations

from html import escape

STYLE = "/theme/css/site.css"


def render(problems, error: str, site) -> bytes:
    if problems:
        count = len(problems)
        title = f"{count} probleem in de inhoud" if count == 1 else f"{count} problemen in de inhoud"
        rows = "\n".join(
            "<li class=\"vw-problems__item\">"
            f"<p class=\"vw-problems__where\"><code>{escape(p.path)}</code>, <strong>{escape(p.field)}</strong></p>"
            f"<p>{escape(p.message)}</p>"
            + (f"<p class=\"vw-problems__fix\">Oplossing: {escape(p.expected)}</p>" if p.expected else "")
            + (f"<p class=\"vw-problems__example\">Voorbeeld: <code>{escape(p.example)}</code></p>"
               if p.example else "")
            + "</li>"
            for p in problems)
        body = (f"<p class=\"vw-lead\">Zolang deze problemen er zijn, toont de preview geen enkele pagina. "
                f"Verbeter ze in de bestanden hieronder en bewaar: deze pagina laadt dan vanzelf opnieuw.</p>"
                f"<ol class=\"vw-problems\">{rows}</ol>")
    else:
        title = "De site kon niet gebouwd worden"
        body = ("<p class=\"vw-lead\">Er liep iets mis in een sjabloon of een plugin, niet in de inhoud. "
                "Geef deze melding door aan wie de site onderhoudt.</p>"
                f"<pre class=\"vw-problems__error\">{escape(error[-4000:])}</pre>")
    page = f"""<!DOCTYPE html>
<html lang="nl-BE">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'">
<title>{escape(title)} | preview</title>
<link rel="stylesheet" href="{STYLE}">
</head>
<body>
<main class="vw-main" id="inhoud">
<div class="vw-width-container">
<h1>{escape(title)}</h1>
{body}
</div>
</main>
</body>
</html>
"""
    return page.encode("utf-8")
