"""Credit and licence of the images journalists download, written into the files themselves.

Every published image is stripped of its metadata (plugins/images), except
the files registered here: the media kit (plugins/pressroom registers each
entry of content/data/mediakit.yml, and writes its logo itself). Their
published file carries the credit and licence as XMP (dc:creator, dc:rights,
photoshop:Credit, xmpRights:WebStatement, cc:license), as IPTC IIM in a JPEG
(By-line, Credit, Copyright Notice), and as EXIF Artist and Copyright, so
that picture desks see them in any tool.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from . import state

if TYPE_CHECKING:
    from PIL.PngImagePlugin import PngInfo


@dataclass(frozen=True)
class Credit:
    creator: str
    rights: str
    licence_url: str = ""


_credits: dict[str, Credit] = state.per_build({})


def register(relative: str, *, creator: str, rights: str, licence_url: str = "") -> None:
    """The image at `relative` (below content/) is a download: write this credit into it."""
    _credits[relative.lstrip("/")] = Credit(creator, rights, licence_url)


def of(relative: str) -> Credit | None:
    return _credits.get(relative.lstrip("/"))


def rdf_description(credit: Credit) -> str:
    """The RDF description of the credit, for XMP packets and SVG <metadata>."""
    licence = ""
    if credit.licence_url:
        licence = (f"<xmpRights:WebStatement>{escape(credit.licence_url)}</xmpRights:WebStatement>"
                   f"<cc:license rdf:resource={quoteattr(credit.licence_url)}/>")
    return (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
        'xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/" xmlns:cc="http://creativecommons.org/ns#">'
        f"<dc:creator><rdf:Seq><rdf:li>{escape(credit.creator)}</rdf:li></rdf:Seq></dc:creator>"
        f'<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{escape(credit.rights)}</rdf:li></rdf:Alt></dc:rights>'
        f"<photoshop:Credit>{escape(credit.creator)}</photoshop:Credit>"
        "<xmpRights:Marked>True</xmpRights:Marked>"
        f"{licence}</rdf:Description></rdf:RDF>"
    )


def xmp_packet(credit: Credit) -> bytes:
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            f'<x:xmpmeta xmlns:x="adobe:ns:meta/">{rdf_description(credit)}</x:xmpmeta>'
            '<?xpacket end="r"?>').encode()


def png_info(credit: Credit, *, text: bool = False) -> PngInfo:
    """PNG chunks with the credit: the XMP packet (iTXt), after Author and Copyright tEXt chunks with `text`
    (for a PNG that carries no EXIF Artist and Copyright)."""
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    if text:
        info.add_text("Author", credit.creator)
        info.add_text("Copyright", credit.rights)
    info.add_itxt("XML:com.adobe.xmp", xmp_packet(credit).decode("utf-8"))
    return info


def _dataset(record: int, number: int, value: bytes) -> bytes:
    return struct.pack(">BBBH", 0x1C, record, number, len(value)) + value


def iptc_iim(credit: Credit) -> bytes:
    """IPTC IIM datasets in UTF-8: By-line (2:80), Credit (2:110), Copyright Notice (2:116)."""
    return (_dataset(1, 90, b"\x1b%G")  # coded character set: UTF-8
            + _dataset(2, 0, b"\x00\x04")
            + _dataset(2, 80, credit.creator.encode("utf-8")[:32])
            + _dataset(2, 110, credit.creator.encode("utf-8")[:32])
            + _dataset(2, 116, credit.rights.encode("utf-8")[:128]))


def jpeg_with_iptc(data: bytes, credit: Credit) -> bytes:
    """A JPEG with an APP13 (Photoshop 3.0, resource 0x0404) segment holding the IIM, after its other APPn segments."""
    iim = iptc_iim(credit)
    if len(iim) % 2:
        iim += b"\x00"
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim)) + iim
    payload = b"Photoshop 3.0\x00" + resource
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    at = 2  # after SOI
    while at + 4 <= len(data) and data[at] == 0xFF and 0xE0 <= data[at + 1] <= 0xEF:
        at += 2 + struct.unpack(">H", data[at + 2:at + 4])[0]
    return data[:at] + segment + data[at:]
