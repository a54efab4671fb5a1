"""Reusable PDF building blocks: a Unicode font, header and footer with page numbers, headings, text, tables.

Every report (the inspiration catalogue, the politicians' one-page summary) builds on
`Document`, so æ, ø, å and whatever users typed print correctly and every page is
numbered the same way. User text is always printed literally (fpdf2's markdown off).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import Align, TableBordersLayout, XPos, YPos

import clock
from i18n import current_language, fmt_date, t

# DejaVu Sans is vendored (assets/fonts, with its licence): a fresh Debian machine has no
# system TTF, and fpdf2's built-in fonts only know Latin-1 (no œ, no emoji fallbacks…).
FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"
FONT = "DejaVu"

INK = (33, 37, 41)
MUTED = (108, 117, 125)
ACCENT = (31, 95, 139)
RULE = (206, 212, 218)
SHADE = (241, 243, 245)

# fpdf2 logs every glyph the font lacks (emoji, rare scripts) at WARNING; the text
# still prints, with those characters left out, so this is not worth a log line each.
logging.getLogger("fpdf.output").setLevel(logging.ERROR)


class Document(FPDF):
    """An A4 page with Samskab's header (document title) and footer (source, page x of y)."""

    def __init__(self, *, title: str, source: str = "", cover: bool = False) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.doc_title = title
        self.source = source
        # A cover page carries no running header or footer.
        self.has_cover = cover
        self.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        self.set_margins(18, 20, 18)
        self.set_auto_page_break(auto=True, margin=20)
        self.set_title(title)
        self.set_creator("Samskab")
        self.set_lang({"da": "da-DK", "nb": "nb-NO", "nn": "nn-NO"}.get(current_language(), "en-GB"))
        self.set_font(FONT, size=10.5)
        self.set_text_color(*INK)

    @property
    def content_width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def _on_cover(self) -> bool:
        return self.has_cover and self.page_no() == 1

    def header(self) -> None:
        if self._on_cover():
            return
        self.set_font(FONT, size=8)
        self.set_text_color(*MUTED)
        self.set_y(9)
        self.cell(self.content_width, 5, self.doc_title, align=Align.L)
        self.set_draw_color(*RULE)
        self.line(self.l_margin, 15, self.w - self.r_margin, 15)
        self.set_y(20)
        self.set_text_color(*INK)
        self.set_font(FONT, size=10.5)

    def footer(self) -> None:
        if self._on_cover():
            return
        self.set_y(-13)
        self.set_font(FONT, size=8)
        self.set_text_color(*MUTED)
        half = self.content_width / 2
        self.cell(half, 5, self.source, align=Align.L)
        # {nb} is replaced by fpdf2 with the number of pages once the document is done.
        self.cell(half, 5, t("pdf.page", page=self.page_no(), pages=self.str_alias_nb_pages), align=Align.R)
        self.set_text_color(*INK)

    # --- building blocks --------------------------------------------------------------

    def cover_page(self, *, kicker: str, title: str, subtitle: str = "", lines: Sequence[str] = ()) -> None:
        """A title page: a small kicker ("Inspiration catalogue"), the title, a subtitle, a few lines."""
        self.add_page()
        self.set_fill_color(*ACCENT)
        self.rect(0, 0, self.w, 8, style="F")
        self.set_fill_color(255, 255, 255)
        self.set_y(70)
        self.set_font(FONT, "B", 12)
        self.set_text_color(*ACCENT)
        self.multi_cell(
            self.content_width, 7, kicker.upper(), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align=Align.L
        )
        self.ln(4)
        self.set_font(FONT, "B", 26)
        self.set_text_color(*INK)
        self.multi_cell(self.content_width, 12, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align=Align.L)
        if subtitle:
            self.ln(4)
            self.set_font(FONT, "", 13)
            self.set_text_color(*MUTED)
            self.multi_cell(
                self.content_width, 7, subtitle, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align=Align.L
            )
        self.set_y(-60)
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(4)
        self.set_font(FONT, "", 10.5)
        self.set_text_color(*MUTED)
        for line in lines:
            self.multi_cell(self.content_width, 6, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align=Align.L)
        self.set_text_color(*INK)

    def heading(self, text: str, level: int = 1, *, outline: bool = True) -> None:
        """A heading (level 1 starts on a fresh page if little room is left); also a PDF bookmark."""
        size = {1: 17, 2: 13, 3: 11}.get(level, 11)
        if self.will_page_break(size * 2.2):
            self.add_page()
        if outline:
            self.start_section(text, level=level - 1, strict=False)
        self.ln(2 if level > 1 else 0)
        self.set_font(FONT, "B", size)
        self.set_text_color(*(ACCENT if level == 1 else INK))
        self.multi_cell(
            self.content_width, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align=Align.L
        )
        self.set_text_color(*INK)
        self.set_font(FONT, "", 10.5)
        self.ln(1.5 if level > 1 else 3)

    def paragraph(self, text: str, *, size: float = 10.5, muted: bool = False, bold: bool = False) -> None:
        if not text:
            return
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*(MUTED if muted else INK))
        self.multi_cell(
            self.content_width, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align=Align.L
        )
        self.set_text_color(*INK)
        self.set_font(FONT, "", 10.5)
        self.ln(1.5)

    def rule(self) -> None:
        self.ln(1)
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(3)

    def keep_together(self, height: float) -> None:
        """Start a new page unless `height` mm still fit on this one."""
        if self.will_page_break(height):
            self.add_page()

    def table_block(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        col_widths: Sequence[float] | None = None,
        size: float = 9,
    ) -> None:
        """A plain table with a shaded heading row that repeats on every page it spans."""
        self.set_font(FONT, "", size)
        heading = FontFace(emphasis="BOLD", fill_color=SHADE, color=INK)
        self.set_fill_color(255, 255, 255)
        with self.table(
            col_widths=col_widths,
            width=self.content_width,
            text_align="LEFT",
            line_height=size * 0.5,
            headings_style=heading,
            borders_layout=TableBordersLayout.HORIZONTAL_LINES,
            padding=1.2,
            repeat_headings=1,
        ) as table:
            table.row(list(headers))
            for row in rows:
                table.row([str(c) for c in row])
        self.set_font(FONT, "", 10.5)
        self.ln(3)

    def to_bytes(self) -> bytes:
        return bytes(self.output())


def dated_source(municipality: str, today: date | None = None) -> str:
    """The footer's left side: who made the document and when."""
    return f"{municipality} · {fmt_date(today or clock.today())}"
