"""A Document as a PDF: A4, embedded DejaVu Sans, real text (selectable, searchable).

Laid out with reportlab's platypus: headings keep with what follows them, tables repeat their
header row across pages, and every page carries the document's identity, its herkomst and
"pagina n van m".
"""

from __future__ import annotations

import io
import threading
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from gateway.downloads.document import Blok, Document, Sectie, Tabel, Tekst, Velden
from gateway.downloads.fonts import PdfFonts

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#5c6670")
ACCENT = colors.HexColor("#1f4e79")
RULE = colors.HexColor("#c9d1d9")
BAND = colors.HexColor("#eef2f6")

MARGIN_X = 20 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 20 * mm
WIDTH = A4[0] - 2 * MARGIN_X
LABEL_WIDTH = 58 * mm

#: reportlab keeps some state in module globals; one render at a time per process keeps it sane.
_RENDER_LOCK = threading.Lock()


class Styles:
    def __init__(self, fonts: PdfFonts) -> None:
        base = ParagraphStyle("body", fontName=fonts.regular, fontSize=9.5, leading=13, textColor=INK)
        self.body = base
        self.muted = ParagraphStyle("muted", parent=base, textColor=MUTED)
        self.label = ParagraphStyle("label", parent=base, textColor=MUTED)
        self.cell_head = ParagraphStyle("cellhead", parent=base, fontName=fonts.bold, fontSize=8.5)
        self.cell = ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11.5)
        self.soort = ParagraphStyle(
            "soort", parent=base, fontName=fonts.bold, fontSize=10, textColor=ACCENT, spaceAfter=2
        )
        self.title = ParagraphStyle(
            "title", parent=base, fontName=fonts.bold, fontSize=20, leading=25, spaceAfter=8
        )
        self.h1 = ParagraphStyle(
            "h1",
            parent=base,
            fontName=fonts.bold,
            fontSize=12.5,
            leading=16,
            textColor=ACCENT,
            spaceBefore=14,
            spaceAfter=4,
            keepWithNext=1,
            alignment=TA_LEFT,
        )
        self.h2 = ParagraphStyle(
            "h2",
            parent=base,
            fontName=fonts.bold,
            fontSize=10,
            leading=13,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        )


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    # Paragraph text is reportlab markup: every value is escaped, so a name like "A<b>" stays text.
    return Paragraph(escape(text), style)


def _cell(text: str, style: ParagraphStyle, width: float) -> str | Paragraph:
    """A table cell: plain text where it fits on one line (drawn as is, several times faster than a
    Paragraph), a wrapping Paragraph where it does not."""
    if "\n" not in text and stringWidth(text, style.fontName, style.fontSize) <= width:
        return text
    return _p(text, style)


def _text_style(
    style: ParagraphStyle, cells: tuple[tuple[int, int], tuple[int, int]]
) -> list[tuple[Any, ...]]:
    """How a table draws its plain-text cells: as `style` would."""
    start, stop = cells
    return [
        ("FONT", start, stop, style.fontName, style.fontSize, style.leading),
        ("TEXTCOLOR", start, stop, style.textColor),
    ]


def _velden(v: Velden, s: Styles) -> Flowable:
    pad = 6
    widths = (LABEL_WIDTH, WIDTH - LABEL_WIDTH)
    table = Table(
        [
            [_cell(label, s.label, widths[0] - pad), _cell(value, s.body, widths[1] - pad)]
            for label, value in v.rijen
        ],
        colWidths=widths,
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                *_text_style(s.body, ((0, 0), (-1, -1))),
                *_text_style(s.label, ((0, 0), (0, -1))),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def _tabel(t: Tabel, s: Styles) -> Flowable:
    if not t.rijen:
        return _p(t.leeg, s.muted)
    pad = 4
    width = WIDTH / len(t.kolommen)
    data = [[_cell(k, s.cell_head, width - 2 * pad) for k in t.kolommen]]
    data += [[_cell(value, s.cell, width - 2 * pad) for value in row] for row in t.rijen]
    table = Table(data, colWidths=[width] * len(t.kolommen), repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                *_text_style(s.cell, ((0, 1), (-1, -1))),
                *_text_style(s.cell_head, ((0, 0), (-1, 0))),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), BAND),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


def _blok(b: Blok, s: Styles) -> Flowable:
    if isinstance(b, Velden):
        return _velden(b, s)
    if isinstance(b, Tabel):
        return _tabel(b, s)
    assert isinstance(b, Tekst)
    return _p(b.tekst, s.body)


def _sectie(sectie: Sectie, s: Styles, level: int = 1) -> list[Flowable]:
    heading = _p(sectie.titel, s.h1 if level == 1 else s.h2)
    out: list[Flowable] = []
    if level == 1:
        # Start a section on a new page rather than leave its heading alone at the bottom.
        out.append(CondPageBreak(30 * mm))
    out.append(heading)
    if level == 1:
        out.append(HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=0, spaceAfter=5))
    out += [_blok(b, s) for b in sectie.blokken]
    for sub in sectie.subsecties:
        out += _sectie(sub, s, level + 1)
    return out


def _kop(doc: Document, s: Styles) -> list[Flowable]:
    # One cell per fact, label above value, so the text reads "V-nummer 1234567890" when copied.
    kenmerken = Table(
        [[[_p(label, s.label), _p(value, s.body)] for label, value in doc.kenmerken]],
        colWidths=[WIDTH / len(doc.kenmerken)] * len(doc.kenmerken),
        hAlign="LEFT",
    )
    kenmerken.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), BAND),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return [_p(doc.soort.upper(), s.soort), _p(doc.onderwerp, s.title), kenmerken, Spacer(1, 4 * mm)]


def _numbered_canvas(doc: Document, fonts: PdfFonts) -> type[Canvas]:
    """A canvas that knows the page count when it draws each page's header and footer."""
    running_head = " · ".join([doc.soort, *(f"{k} {v}" for k, v in doc.kenmerken[:2])])

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = A4
            self.setFillColor(MUTED)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.setFont(fonts.regular, 7.5)
            if self._pageNumber > 1:
                self.drawString(MARGIN_X, height - 14 * mm, running_head)
                self.line(MARGIN_X, height - 15.5 * mm, width - MARGIN_X, height - 15.5 * mm)
            self.line(MARGIN_X, 13 * mm, width - MARGIN_X, 13 * mm)
            self.drawString(MARGIN_X, 9 * mm, f"Vertrouwelijk · {doc.herkomst}")
            self.drawRightString(width - MARGIN_X, 9 * mm, f"pagina {self._pageNumber} van {total}")

    return NumberedCanvas


def render(doc: Document, fonts: PdfFonts) -> bytes:
    s = Styles(fonts)
    story = _kop(doc, s)
    for sectie in doc.secties[:-1]:
        story += _sectie(sectie, s)
    if doc.secties:
        # The closing section (the COA contact, a signature block) stays in one piece.
        story.append(KeepTogether(_sectie(doc.secties[-1], s)))
    buffer = io.BytesIO()
    # A frame without padding, so tables, rules and text share one left and right edge.
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        WIDTH,
        A4[1] - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    template = BaseDocTemplate(
        buffer,
        pagesize=A4,
        pageTemplates=[PageTemplate("page", frames=[frame])],
        title=doc.titel,
        author="COA",
        subject=doc.soort,
        creator="tvs-gateway",
        lang="nl-NL",
        initialFontName=fonts.regular,
    )
    with _RENDER_LOCK:
        template.build(story, canvasmaker=_numbered_canvas(doc, fonts))
    return buffer.getvalue()
