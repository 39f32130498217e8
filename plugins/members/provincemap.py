"""Our own simplified map of the five Flemish provinces and Brussels.

The outlines are hand-drawn approximations in longitude/latitude (a few
points per border, read off a school atlas by eye; no third-party geodata).
Borders between two provinces are written once and shared, so neighbours
always meet without gaps. `province_shapes()` projects them into the SVG
viewBox that theme/templates/members/map.html draws: one path and one label
position per province. Vlaams-Brabant has Brussels as a hole.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Projection: longitude scaled by cos(latitude) so shapes are not stretched.
WEST, EAST, NORTH, SOUTH = 2.50, 5.90, 51.52, 50.61
SCALE = 450.0
MARGIN = 20.0
_COS = math.cos(math.radians((NORTH + SOUTH) / 2))
WIDTH = round((EAST - WEST) * _COS * SCALE + 2 * MARGIN)
HEIGHT = round((NORTH - SOUTH) * SCALE + 2 * MARGIN)
VIEWBOX = f"0 0 {WIDTH} {HEIGHT}"

# Corner points where three borders meet (longitude, latitude).
NODES = {
    "coast_fr": (2.545, 51.090),  # De Panne, French border at the coast
    "coast_nl": (3.365, 51.370),  # Knokke-Heist, Dutch border at the coast
    "wv_ov_nl": (3.430, 51.245),
    "ov_an_nl": (4.280, 51.365),  # the Scheldt at the Dutch border
    "ov_an_vb": (4.215, 51.050),  # near Sint-Amands
    "ov_vb_wal": (3.930, 50.720),
    "wv_ov_wal": (3.420, 50.765),
    "an_vb_li": (5.050, 51.030),  # near Scherpenheuvel
    "an_li_nl": (5.240, 51.270),
    "vb_li_wal": (5.100, 50.710),
    "li_nl_wal": (5.680, 50.760),  # near Riemst
}

# Borders: from one corner to another, with the points in between.
BORDERS = {
    ("coast_fr", "coast_nl"): [(2.80, 51.165), (3.05, 51.255), (3.25, 51.335)],
    ("coast_nl", "wv_ov_nl"): [(3.36, 51.31), (3.39, 51.27)],
    ("wv_ov_nl", "ov_an_nl"): [(3.53, 51.29), (3.66, 51.27), (3.81, 51.21), (3.95, 51.225), (4.08, 51.27),
                               (4.20, 51.33)],
    ("ov_an_nl", "ov_an_vb"): [(4.26, 51.30), (4.29, 51.22), (4.27, 51.17), (4.22, 51.12)],
    ("ov_an_vb", "ov_vb_wal"): [(4.16, 51.00), (4.12, 50.93), (4.06, 50.86), (4.00, 50.78)],
    ("ov_vb_wal", "wv_ov_wal"): [(3.80, 50.745), (3.62, 50.735), (3.50, 50.76)],
    ("wv_ov_wal", "wv_ov_nl"): [(3.47, 50.87), (3.40, 50.95), (3.37, 51.02), (3.44, 51.12), (3.46, 51.19)],
    ("wv_ov_wal", "coast_fr"): [(3.33, 50.72), (3.23, 50.745), (3.12, 50.79), (2.95, 50.755), (2.84, 50.72),
                                (2.72, 50.81), (2.61, 50.85), (2.62, 50.94)],
    ("ov_an_vb", "an_vb_li"): [(4.33, 51.02), (4.46, 50.99), (4.62, 51.01), (4.80, 50.98), (4.95, 51.00)],
    ("an_vb_li", "an_li_nl"): [(5.12, 51.07), (5.20, 51.12), (5.23, 51.20)],
    ("ov_an_nl", "an_li_nl"): [(4.38, 51.44), (4.53, 51.48), (4.70, 51.47), (4.78, 51.50), (4.93, 51.42),
                               (5.05, 51.47), (5.12, 51.35)],
    ("an_li_nl", "li_nl_wal"): [(5.43, 51.28), (5.55, 51.27), (5.66, 51.20), (5.84, 51.16), (5.79, 51.06),
                                (5.76, 50.96), (5.70, 50.85)],
    ("li_nl_wal", "vb_li_wal"): [(5.55, 50.74), (5.42, 50.73), (5.27, 50.71), (5.18, 50.72)],
    ("vb_li_wal", "an_vb_li"): [(5.15, 50.80), (5.10, 50.87), (5.09, 50.95)],
    ("vb_li_wal", "ov_vb_wal"): [(4.98, 50.76), (4.83, 50.765), (4.65, 50.775), (4.50, 50.75), (4.40, 50.74),
                                 (4.28, 50.70), (4.12, 50.69), (4.02, 50.70)],
}

BRUSSELS = [(4.30, 50.910), (4.37, 50.915), (4.43, 50.890), (4.48, 50.855), (4.46, 50.820), (4.42, 50.800),
            (4.385, 50.765), (4.34, 50.790), (4.29, 50.800), (4.245, 50.825), (4.28, 50.860)]

# Each province as a ring of corners, walked along the borders above.
RINGS = {
    "west-vlaanderen": ["coast_fr", "coast_nl", "wv_ov_nl", "wv_ov_wal"],
    "oost-vlaanderen": ["wv_ov_nl", "ov_an_nl", "ov_an_vb", "ov_vb_wal", "wv_ov_wal"],
    "antwerpen": ["ov_an_nl", "an_li_nl", "an_vb_li", "ov_an_vb"],
    "limburg": ["an_li_nl", "li_nl_wal", "vb_li_wal", "an_vb_li"],
    "vlaams-brabant": ["ov_an_vb", "an_vb_li", "vb_li_wal", "ov_vb_wal"],
}

# Where the name goes (longitude, latitude of its first line); the count goes
# below it, except for Brussels: count inside, name below the shape.
LABELS = {
    "west-vlaanderen": (3.00, 51.05),
    "oost-vlaanderen": (3.84, 51.10),
    "antwerpen": (4.72, 51.32),
    "limburg": (5.47, 51.10),
    "vlaams-brabant": (4.80, 50.94),
    "brussel": (4.365, 50.640),
}
BRUSSELS_COUNT = (4.365, 50.815)
# Line spacing in viewBox units; the font sizes are set in site.css.
NAME_LINE = 30
COUNT_LINE = 42


@dataclass(frozen=True)
class Shape:
    slug: str
    path: str  # SVG path data
    name_lines: tuple[tuple[str, float, float], ...]  # (text, x, y) per line
    count_x: float
    count_y: float


def project(lon: float, lat: float) -> tuple[float, float]:
    x = (lon - WEST) * _COS * SCALE + MARGIN
    y = (NORTH - lat) * SCALE + MARGIN
    return round(x, 1), round(y, 1)


def _border(start: str, end: str) -> list[tuple[float, float]]:
    """The points from corner `start` up to (not including) corner `end`."""
    if (start, end) in BORDERS:
        return [NODES[start], *BORDERS[(start, end)]]
    if (end, start) in BORDERS:
        return [NODES[start], *reversed(BORDERS[(end, start)])]
    raise KeyError(f"no border between {start} and {end}")


def _ring_points(corners: list[str]) -> list[tuple[float, float]]:
    points = []
    for start, end in zip(corners, corners[1:] + corners[:1], strict=True):
        points.extend(_border(start, end))
    return points


def _path(points) -> str:
    coordinates = [project(lon, lat) for lon, lat in points]
    return "M" + " L".join(f"{x:g} {y:g}" for x, y in coordinates) + " Z"


def _name_lines(name: str, x: float, y: float) -> tuple[tuple[str, float, float], ...]:
    """"Oost-Vlaanderen" on two lines, "Oost-" and "Vlaanderen"."""
    parts = name.split("-")
    words = [part + "-" for part in parts[:-1]] + parts[-1:]
    return tuple((word, x, round(y + i * NAME_LINE, 1)) for i, word in enumerate(words))


def province_shapes(names: dict[str, str]) -> dict[str, Shape]:
    """Slug -> projected shape with label positions; `names` maps slug to display name."""
    shapes = {}
    for slug, corners in RINGS.items():
        path = _path(_ring_points(corners))
        if slug == "vlaams-brabant":
            path += " " + _path(BRUSSELS)  # a hole, drawn with fill-rule evenodd
        x, y = project(*LABELS[slug])
        lines = _name_lines(names[slug], x, y)
        shapes[slug] = Shape(slug, path, lines, x, round(lines[-1][2] + COUNT_LINE, 1))
    x, y = project(*LABELS["brussel"])
    shapes["brussel"] = Shape("brussel", _path(BRUSSELS), _name_lines(names["brussel"], x, y),
                              *project(*BRUSSELS_COUNT))
    return shapes
