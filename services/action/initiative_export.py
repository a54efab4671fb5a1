"""The initiatives list as CSV and Excel, with the same filters as on screen."""

from __future__ import annotations

from i18n import current_language, t
from services.action.initiatives import InitiativeRow
from services.common.spreadsheet import to_csv, to_xlsx


def _headers() -> list[str]:
    return [
        t("field.title"),
        t("field.process"),
        t("field.status"),
        t("field.progress"),
        t("field.starts_on"),
        t("field.ends_on"),
        t("initiatives.lead"),
        t("initiatives.partners"),
        t("field.target_group"),
        t("field.budget"),
        t("field.expected_volunteers"),
        t("initiatives.milestones_done"),
        t("initiatives.milestones_total"),
        t("initiatives.overdue"),
        t("initiatives.next_due"),
        t("initiatives.checklist_open"),
        t("initiatives.origin_ideas"),
    ]


def _rows(rows: list[InitiativeRow]) -> list[list]:
    return [
        [
            r.title,
            r.process_title,
            t(f"status.{r.status}"),
            r.progress,
            r.starts_on,
            r.ends_on,
            r.lead or "",
            "; ".join(r.partners),
            r.target_group,
            r.budget,
            r.expected_volunteers,
            r.milestones_done,
            r.milestones,
            r.overdue,
            r.next_due,
            r.checklist_open,
            r.ideas,
        ]
        for r in rows
    ]


def initiatives_csv(rows: list[InitiativeRow]) -> bytes:
    """The list as CSV in the current language's Excel convention, like its headers."""
    return to_csv(_headers(), _rows(rows), language=current_language())


def initiatives_xlsx(rows: list[InitiativeRow]) -> bytes:
    return to_xlsx([(t("initiatives.title"), _headers(), _rows(rows))])
