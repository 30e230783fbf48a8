"""A Document as a Word file (.docx), made with python-docx from its default template."""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt, RGBColor

from gateway.downloads.document import Blok, Document, Sectie, Tabel, Tekst, Velden

MUTED = RGBColor(0x5C, 0x66, 0x70)


def _velden(out: DocxDocument, v: Velden) -> None:
    table = out.add_table(rows=0, cols=2)
    for label, value in v.rijen:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
        cells[0].width, cells[1].width = Mm(60), Mm(110)
        for run in cells[0].paragraphs[0].runs:
            run.font.color.rgb = MUTED


def _tabel(out: DocxDocument, t: Tabel) -> None:
    if not t.rijen:
        out.add_paragraph(t.leeg)
        return
    table = out.add_table(rows=1, cols=len(t.kolommen))
    table.style = "Table Grid"
    for cell, kolom in zip(table.rows[0].cells, t.kolommen, strict=True):
        cell.text = kolom
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for rij in t.rijen:
        for cell, value in zip(table.add_row().cells, rij, strict=True):
            cell.text = value


def _blok(out: DocxDocument, b: Blok) -> None:
    if isinstance(b, Velden):
        _velden(out, b)
    elif isinstance(b, Tabel):
        _tabel(out, b)
    else:
        assert isinstance(b, Tekst)
        out.add_paragraph(b.tekst)


def _sectie(out: DocxDocument, sectie: Sectie, level: int = 1) -> None:
    out.add_heading(sectie.titel, level=level)
    for b in sectie.blokken:
        _blok(out, b)
    for sub in sectie.subsecties:
        _sectie(out, sub, level + 1)


def render(doc: Document) -> bytes:
    out = new_docx()
    page = out.sections[0]
    page.orientation = WD_ORIENT.PORTRAIT
    page.page_width, page.page_height = Mm(210), Mm(297)
    page.left_margin = page.right_margin = Mm(20)
    out.styles["Normal"].font.size = Pt(10)
    props = out.core_properties
    props.title, props.subject, props.author, props.language = doc.titel, doc.soort, "COA", "nl-NL"

    out.add_heading(doc.soort, level=0)
    out.add_paragraph(doc.onderwerp).runs[0].bold = True
    _velden(out, Velden(doc.kenmerken))
    for sectie in doc.secties:
        _sectie(out, sectie)
    footer = page.footer.paragraphs[0]
    footer.text = f"Vertrouwelijk · {doc.herkomst}"
    footer.runs[0].font.size = Pt(7.5)

    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
