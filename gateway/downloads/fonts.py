"""The TrueType fonts the PDF embeds: DejaVu Sans, which covers the Turkish, Kurdish and other
non-Latin-1 letters in names (ı, ş, ğ, İ, ...). The 14 standard PDF fonts cannot show them.

The fonts come from the operating system: Debian's `fonts-dejavu-core` puts them in
/usr/share/fonts/truetype/dejavu (`TVS_PDF_FONT_DIR` points elsewhere). They are looked up when
the application starts, so a missing font stops the gateway with one line saying what to install,
instead of failing at the first download.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}
INSTALL_HINT = (
    "install Debian's fonts-dejavu-core (apt-get install fonts-dejavu-core) or set TVS_PDF_FONT_DIR "
    "to a folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf"
)


class FontMissing(Exception):
    """The PDF fonts are not where the settings say."""


@dataclass(frozen=True)
class PdfFonts:
    """Names under which the fonts are registered with reportlab."""

    regular: str
    bold: str


@lru_cache(maxsize=4)
def register(font_dir: Path) -> PdfFonts:
    """Register the fonts in `font_dir` once per process (parsing them takes tens of ms)."""
    missing = [name for name in FILES.values() if not (font_dir / name).is_file()]
    if missing:
        raise FontMissing(f"{', '.join(missing)} not found in {font_dir}: {INSTALL_HINT}")
    fonts = PdfFonts(regular="TVS-DejaVuSans", bold="TVS-DejaVuSans-Bold")
    pdfmetrics.registerFont(TTFont(fonts.regular, str(font_dir / FILES["regular"])))
    pdfmetrics.registerFont(TTFont(fonts.bold, str(font_dir / FILES["bold"])))
    # <b> in a paragraph switches to the bold face; there is no italic in fonts-dejavu-core.
    pdfmetrics.registerFontFamily(
        fonts.regular, normal=fonts.regular, bold=fonts.bold, italic=fonts.regular, boldItalic=fonts.bold
    )
    return fonts
