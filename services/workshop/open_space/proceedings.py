"""The proceedings: every session report of a process together, as a PDF.

User text (topics, names, notes, ideas) is printed literally, as everything on
`services.common.pdf.Document` is.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

import clock
from i18n import fmt_date, fmt_int, t, tn
from services.common.pdf import Document, dated_source
from services.workshop.open_space.view import Report, reports
from services.workshop.processes import get_process
from vocabulary import STAKEHOLDER_GROUPS


def attendance_line(report: Report) -> str:
    """Who was there, by stakeholder group in the vocabulary's order: "Borgere: 6 · Frivillige: 2"."""
    return " · ".join(
        f"{t('group.' + g)}: {fmt_int(report.attendance[g])}"
        for g in STAKEHOLDER_GROUPS
        if g in report.attendance
    )


def where_line(report: Report) -> str:
    parts = [t("open_space.convened_by", name=report.convener)]
    if report.slot:
        parts.append(t("open_space.at_time", time=report.slot))
    if report.room:
        parts.append(report.room)
    parts.append(report.workshop_title)
    return " · ".join(parts)


def proceedings_pdf(
    session: Session, process_id: int, *, municipality: str, today: date | None = None
) -> bytes:
    process = get_process(session, process_id)
    found = reports(session, process_id=process_id)
    today = today or clock.today()
    kicker = t("open_space_pdf.kicker")
    doc = Document(title=f"{kicker}: {process.title}", source=dated_source(municipality, today), cover=True)
    doc.cover_page(
        kicker=kicker,
        title=process.title,
        subtitle=tn("open_space_pdf.reports", len(found)),
        lines=[municipality, fmt_date(today)],
    )
    doc.add_page()
    if not found:
        doc.paragraph(t("open_space.no_reports"), muted=True)
    for number, report in enumerate(found, start=1):
        doc.keep_together(40)
        doc.heading(f"{number}. {report.topic}", 2)
        doc.paragraph(where_line(report), size=9, muted=True)
        if report.attendance:
            doc.paragraph(t("open_space.present", groups=attendance_line(report)), size=9, muted=True)
        doc.paragraph(report.notes)
        if report.ideas:
            doc.paragraph(t("open_space.ideas"), bold=True, size=10)
            for idea in report.ideas:
                doc.paragraph(f"• {idea}", size=10)
        if report.next_steps:
            doc.paragraph(t("open_space.next_steps"), bold=True, size=10)
            doc.paragraph(report.next_steps, size=10)
        doc.rule()
    return doc.to_bytes()
