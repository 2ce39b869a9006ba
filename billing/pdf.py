"""One layout for every document as PDF (receipts, invoices, creator
statements), with fpdf2: a header with the platform's name and the document's
number, its dates, the two parties, a table of lines, the totals and a footer.

Text is set in DejaVu Sans from ``BILLING_FONT_DIR`` (Debian's
fonts-dejavu-core) so that any name prints; without those files it falls back
to the PDF core font Helvetica, which knows only Latin-1, and characters
outside it are replaced."""

import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from fpdf import FPDF
from fpdf.enums import XPos, YPos

ROW_HEIGHT = 6
LINE_HEIGHT = 5
# fontTools logs every glyph it keeps when it subsets a font, at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
# Common typographic characters Helvetica lacks, as their nearest Latin-1 look.
LATIN_1_LOOKALIKES = str.maketrans(
    {"—": "-", "–": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "\u202f": " "}
)


@dataclass
class Document:
    """What a document shows; every string already in the reader's language."""

    title: str
    number: str
    dates: list = field(default_factory=list)  # [(label, value)]
    parties: list = field(default_factory=list)  # [(label, [line, ...])]
    columns: list = field(default_factory=list)  # [heading, ...]; the last is right-aligned
    rows: list = field(default_factory=list)  # [[cell, ...]]
    totals: list = field(default_factory=list)  # [(label, value)]
    notes: list = field(default_factory=list)  # [line, ...] under the totals
    # The last total is the one the document is about (a receipt's total paid).
    last_total_is_grand: bool = True
    footer: str = ""


def _font_paths():
    folder = Path(settings.BILLING_FONT_DIR)
    paths = {style: folder / name for style, name in FONT_FILES.items()}
    return paths if all(path.is_file() for path in paths.values()) else None


class _Pdf(FPDF):
    def __init__(self, footer_text):
        super().__init__(format="A4")
        self.footer_text = footer_text
        paths = _font_paths()
        if paths:
            for style, path in paths.items():
                self.add_font("DejaVu", style, str(path))
            self.family = "DejaVu"
        else:
            self.family = "Helvetica"
        self.unicode = paths is not None
        self.set_auto_page_break(auto=True, margin=20)
        self.set_margins(18, 18, 18)

    def text_of(self, value):
        """``value`` as this font can print it."""
        text = str(value)
        if self.unicode:
            return text
        text = text.translate(LATIN_1_LOOKALIKES)
        return text.encode("latin-1", "replace").decode("latin-1")

    def use(self, size, style=""):
        self.set_font(self.family, style, size)

    def footer(self):
        self.set_y(-15)
        self.use(8)
        self.set_text_color(110)
        self.cell(0, 5, self.text_of(f"{self.footer_text}  ·  {self.page_no()}/{{nb}}"), align="C")


def render(document):
    """The PDF of ``document``, as bytes."""
    pdf = _Pdf(document.footer)
    pdf.set_title(pdf.text_of(f"{document.title} {document.number}"))
    pdf.set_author(pdf.text_of(settings.BILLING_SELLER_NAME))
    pdf.add_page()
    width = pdf.epw
    # Header: the platform on the left, the document and its number on the right.
    pdf.use(16, "B")
    pdf.cell(width / 2, 9, pdf.text_of(settings.BILLING_SELLER_NAME))
    _line(pdf, width / 2, 9, document.title)
    pdf.use(10)
    pdf.cell(width / 2, 6, "")
    _line(pdf, width / 2, 6, document.number)
    for label, value in document.dates:
        _line(pdf, 0, 5, f"{label}: {value}")
    pdf.ln(4)
    _parties(pdf, document.parties, width)
    if document.columns:
        _table(pdf, document.columns, document.rows)
    if document.totals:
        pdf.ln(2)
        for index, (label, value) in enumerate(document.totals):
            grand = document.last_total_is_grand and index == len(document.totals) - 1
            pdf.use(10, "B" if grand else "")
            pdf.cell(width * 0.65, 6, pdf.text_of(label), align="R")
            _line(pdf, width * 0.35, 6, value)
    if document.notes:
        pdf.ln(4)
        pdf.use(9)
        for note in document.notes:
            pdf.multi_cell(0, 5, pdf.text_of(note), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def _line(pdf, width, height, text):
    """``text`` aligned right, ending the line."""
    pdf.cell(width, height, pdf.text_of(text), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _parties(pdf, parties, width):
    if not parties:
        return
    column = width / len(parties)
    top = pdf.get_y()
    bottom = top
    for index, (label, lines) in enumerate(parties):
        pdf.set_xy(pdf.l_margin + index * column, top)
        pdf.use(9, "B")
        pdf.cell(column, 5, pdf.text_of(label), new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.use(10)
        for line in lines:
            pdf.multi_cell(column - 4, 5, pdf.text_of(line), new_x=XPos.LEFT, new_y=YPos.NEXT)
        bottom = max(bottom, pdf.get_y())
    pdf.set_xy(pdf.l_margin, bottom + 4)


def _table(pdf, columns, rows):
    count = len(columns)
    # Wider middle columns for descriptions; the amount, last, on the right.
    shares = [2] + [4] * (count - 2) + [2] if count > 2 else [4] * (count - 1) + [2]
    widths = [pdf.epw * part / sum(shares[:count]) for part in shares[:count]]
    aligns = ["L"] * (count - 1) + ["R"]
    pdf.use(9, "B")
    _row(pdf, widths, aligns, columns)
    pdf.use(9)
    for cells in rows:
        _row(pdf, widths, aligns, cells)


def _row(pdf, widths, aligns, cells):
    """One line of the table, wrapped only when a cell does not fit (wrapping
    is what makes long tables slow), with a thin rule under it."""
    texts = [pdf.text_of(cell) for cell in cells]
    padding = 2 * pdf.c_margin
    pairs = list(zip(texts, widths, strict=True))
    if all(pdf.get_string_width(text) <= width - padding for text, width in pairs):
        for text, width, align in zip(texts, widths, aligns, strict=True):
            pdf.cell(width, ROW_HEIGHT, text, align=align)
        pdf.ln(ROW_HEIGHT)
    else:
        height = max(
            pdf.multi_cell(width, LINE_HEIGHT, text, dry_run=True, output="HEIGHT")
            for text, width in pairs
        )
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
        top, x = pdf.get_y(), pdf.l_margin
        for text, width, align in zip(texts, widths, aligns, strict=True):
            pdf.set_xy(x, top)
            pdf.multi_cell(width, LINE_HEIGHT, text, align=align)
            x += width
        pdf.set_xy(pdf.l_margin, top + max(height, ROW_HEIGHT))
    pdf.set_draw_color(200)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
