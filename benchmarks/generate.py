"""Generate a synthetic site of N items in our content model, for the benchmark.

The site is realistic enough to exercise every step of the build: press
releases (70 %), opinion pieces (20 %, by the authors of
content/data/auteurs.yml) and campaigns (10 %, some with a countdown, a place
and a call to action), spread over twenty years, with topics, summaries,
headings, lists, links between items and to site pages, and a few images.
The real content/pages and content/data are copied, so the pages, members,
authors and press contacts are the real ones.

All text is generated from a fixed word list with a fixed seed: the same N
always gives the same files (byte for byte), so runs can be compared.
Nothing here is a real statement, quote or statistic.

    .venv/bin/python benchmarks/generate.py 1000 /tmp/bench-site
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"

TOPICS = [
    "opvang", "asielprocedure", "gezinshereniging", "kinderen", "detentie", "europees beleid",
    "integratie", "vrijwilligers", "menswaardig beleid", "terugkeer", "huisvesting", "werk",
    "onderwijs", "gezondheid", "niet-begeleide minderjarigen", "hervestiging", "statelozen",
    "dublin", "humanitaire visa", "lokale besturen",
]
WORDS = " ".join((
    "opvang asielzoekers vluchtelingen bescherming recht beleid regering federale Vlaamse "
    "gemeenten lidorganisaties vrijwilligers begeleiding procedure gezinnen kinderen jongeren "
    "huisvesting integratie onderwijs werk gezondheid rechtbank uitspraak Europese Unie "
    "Migratiepact solidariteit menswaardig waardigheid toegang juridische bijstand netwerk "
    "ondersteuning vorming helpdesk publicatie analyse voorstel oproep dialoog samenwerking "
    "beleidsmakers parlement minister staatssecretaris plaatsen capaciteit wachtlijst crisis "
    "oplossing structureel investeren aandacht nood druk stem verhaal buurt school sportclub "
    "de het een van in op met voor aan door naar over bij tot als dat die wat wie maar ook "
    "nog altijd steeds meer minder vandaag morgen samen elke iedere alle veel weinig goed",
)).split()
CITIES = ["Brussel", "Antwerpen", "Gent", "Leuven", "Brugge", "Hasselt", "Mechelen", "Kortrijk"]
FIRST_YEAR = 2007
LAST_DAY = datetime(2026, 11, 20, 9, 0)
IMAGES = 6
IMAGE_SIZES = [(1600, 900), (1200, 800), (2400, 1350), (800, 600), (1920, 1080), (1000, 1000)]


def words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


def sentence(rng: random.Random, low: int = 8, high: int = 20) -> str:
    text = words(rng, rng.randint(low, high))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def title(rng: random.Random) -> str:
    text = words(rng, rng.randint(4, 9))
    return text[0].upper() + text[1:]


class Site:
    """Plans every item first (so bodies can link to each other), then writes them."""

    def __init__(self, count: int, seed: int = 8) -> None:
        self.rng = random.Random(seed)
        self.count = count
        self.items: list[dict] = []
        authors = yaml.safe_load((CONTENT / "data" / "auteurs.yml").read_text(encoding="utf-8")) or []
        self.authors = [a["name"] for a in authors]
        span = (LAST_DAY - datetime(FIRST_YEAR, 1, 1)).total_seconds()
        for number in range(count):
            roll = self.rng.random()
            folder = "persberichten" if roll < 0.7 else "opinie" if roll < 0.9 else "campagnes"
            # Spread evenly over twenty years, with some jitter; never in the future.
            moment = datetime(FIRST_YEAR, 1, 1) + timedelta(seconds=span * (number + self.rng.random()) / count)
            moment = moment.replace(minute=self.rng.choice((0, 15, 30, 45)), second=0, microsecond=0)
            slug = f"bench-{number:05d}-{'-'.join(title(self.rng).lower().split()[:4])}"
            self.items.append({"folder": folder, "date": moment, "slug": slug,
                               "file": f"{moment:%Y-%m-%d}-{slug}.md"})

    def front_matter(self, item: dict) -> list[str]:
        rng = self.rng
        lines = [
            f"title: {title(rng)}",
            f"date: {item['date']:%Y-%m-%d %H:%M}",
            f"slug: {item['slug']}",
            f"summary: {sentence(rng, 14, 28)} {sentence(rng, 8, 16)}",
            f"tags: {', '.join(rng.sample(TOPICS, rng.randint(1, 3)))}",
        ]
        if rng.random() < 0.15:
            lines.append(f"modified: {item['date'] + timedelta(days=rng.randint(1, 30)):%Y-%m-%d}")
        if rng.random() < 0.2:
            picture = rng.randrange(IMAGES)
            lines += [f"image: images/bench-{picture}.jpg",
                      f"image_alt: Voorbeeldfoto {picture}: een groep mensen op een plein in {rng.choice(CITIES)}",
                      "image_credit: Voorbeeldfotograaf (example.org)"]
        if item["folder"] == "opinie":
            lines.append(f"author: {rng.choice(self.authors)}")
            if rng.random() < 0.3:
                lines += ["original_medium: Voorbeeldkrant",
                          f"original_url: https://example.org/opinie/{item['slug']}",
                          f"original_date: {item['date']:%Y-%m-%d}"]
        if item["folder"] == "campagnes" and rng.random() < 0.6:
            start = item["date"] + timedelta(days=rng.randint(7, 60), hours=5)
            city = rng.choice(CITIES)
            lines += [f"countdown: {start:%Y-%m-%d %H:%M}",
                      "countdown_label: tot de actie",
                      f"end: {start + timedelta(hours=3):%Y-%m-%d %H:%M}",
                      f"place_name: Stadsplein, {city}",
                      f"place_address: Stadsplein 1, {city} (voorbeeldadres)",
                      "cta_text: Doe mee",
                      "cta_link: /contact/"]
        return lines

    def body(self, number: int, item: dict) -> str:
        rng = self.rng
        parts = [paragraph(rng, rng.randint(3, 5))]
        for _ in range(rng.randint(2, 4)):
            parts.append(f"## {title(rng)}")
            parts.append(paragraph(rng, rng.randint(3, 6)))
        if rng.random() < 0.4:
            parts.append("\n".join(f"- {sentence(rng, 4, 10)}" for _ in range(rng.randint(3, 5))))
        if number > 0 and rng.random() < 0.5:
            other = self.items[rng.randrange(number)]
            parts.append(f"Lees ook [{words(rng, 3)}]({{filename}}../{other['folder']}/{other['file']}).")
        if rng.random() < 0.3:
            page = rng.choice(["/over-ons/", "/contact/", "/ondersteuning/"])
            parts.append(f"Meer informatie vind je op [deze pagina]({page}).")
        if rng.random() < 0.05:
            picture = rng.randrange(IMAGES)
            image = f"{{static}}../images/bench-{picture}.jpg"
            parts.append(f"![Voorbeeldfoto {picture}: vrijwilligers aan het werk]({image})")
        parts.append(f"*{sentence(rng, 6, 12)}*")
        return "\n\n".join(parts)

    def write(self, target: Path) -> None:
        for number, item in enumerate(self.items):
            text = "\n".join(self.front_matter(item)) + "\n\n" + self.body(number, item) + "\n"
            path = target / item["folder"] / item["file"]
            path.write_text(text, encoding="utf-8")


def write_images(target: Path) -> None:
    from PIL import Image, ImageDraw

    folder = target / "images"
    folder.mkdir(parents=True, exist_ok=True)
    for number, size in enumerate(IMAGE_SIZES[:IMAGES]):
        image = Image.new("RGB", size, (30 + 35 * number, 90, 160 - 20 * number))
        draw = ImageDraw.Draw(image)
        for step in range(0, size[0], 80):
            draw.line([(step, 0), (size[0] - step, size[1])], fill=(240, 200, 60), width=6)
        image.save(folder / f"bench-{number}.jpg", quality=80)


def generate(count: int, target: Path) -> Path:
    """Write a fresh synthetic content folder of `count` items to `target`."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for folder in ("pages", "data"):
        shutil.copytree(CONTENT / folder, target / folder)
    for folder in ("images", "files", "extra"):
        if (CONTENT / folder).is_dir():
            shutil.copytree(CONTENT / folder, target / folder)
    for folder in ("persberichten", "opinie", "campagnes"):
        (target / folder).mkdir()
    write_images(target)
    Site(count).write(target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="number of items (press releases, opinion pieces, campaigns)")
    parser.add_argument("target", type=Path, help="folder to write the content to (replaced)")
    args = parser.parse_args()
    generate(args.count, args.target)
    print(f"{args.count} items written to {args.target}")


if __name__ == "__main__":
    main()
