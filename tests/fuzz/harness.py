"""Which service functions the property tests call, and what every call must come to.

The bar: a call succeeds, or it raises a DomainError whose message exists in every
language and renders, and after which the database holds exactly what it held before.
Anything else (OverflowError, a database error, a KeyError) is a failure.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

import i18n
import services
from services.common.errors import DomainError

# Public functions the property tests leave out, each with why. Anything public and not
# here is fuzzed; tests/fuzz/test_coverage.py keeps it that way.
_RESULT = "takes another service's result, not input; fuzzed through the service that makes it"
_SQL = "builds a query expression for other services; runs only inside them"
_SHIPPED = "reads what ships with the app (assets/surveys, the catalogue's headers), not input"
EXCLUDED: dict[str, str] = {
    "services.action.catalogue.grouped_by_section": _RESULT,
    "services.admin.audit.record": "written by services with their caller's id",
    "services.admin.users.hash_password": "hashes what validate_password accepted",
    "services.workshop.phases.ensure_phase": "checks a workshop against phases its caller names",
    "services.workshop.phases.phase_when": "reads the history of a workshop its caller has just found",
    "services.workshop.matrices.quartiles": "takes the placements spreads() read for one idea, never none",
    "services.workshop.workshops.touch_board": "bumps the board of a workshop its caller has just found",
    "services.action.catalogue_export.support_line": _RESULT,
    "services.action.catalogue_export.groups_line": _RESULT,
    "services.action.catalogue_export.render_pdf": _RESULT + " (catalogue_pdf)",
    "services.action.catalogue_figures.catalogue_figures": _RESULT,
    "services.action.initiative_export.initiatives_csv": _RESULT + " (list_initiatives)",
    "services.action.initiative_export.initiatives_xlsx": _RESULT + " (list_initiatives)",
    "services.action.initiative_figures.list_figures": _RESULT,
    "services.action.initiative_figures.checklist_figures": _RESULT,
    "services.common.spreadsheet.append_row": _RESULT + " (every export)",
    "services.common.spreadsheet.to_csv": _RESULT + " (every export)",
    "services.insight.bridging.bridging_score": _RESULT + " (the tally's counts; scored_ideas)",
    "services.insight.bridging.support_rate": _RESULT + " (the tally's counts, never negative)",
    "services.volunteering.hours_import.import_key": _RESULT + " (plan_rows' checked drafts)",
    "services.common.spreadsheet.to_xlsx": _RESULT + " (every export)",
    "services.action.initiatives.overdue_milestone": _SQL + " (for statements built once, too)",
    "services.insight.dashboard_filters.created_in": _SQL,
    "services.insight.dashboard_filters.initiative_conditions": _SQL,
    "services.insight.dashboard_filters.bound_initiative_conditions": _SQL,
    "services.insight.dashboard_filters.initiative_parameters": _SQL + " (the values of the bound ones)",
    "services.insight.representation.measure_dimension": _RESULT + " (inclusion.report)",
    "services.insight.representation.find_gaps": _RESULT + " (inclusion.report)",
    "services.insight.summary.trend_change": _RESULT + " (summary)",
    "services.insight.summary.trend_text": _RESULT + " (summary)",
    "services.insight.summary.gap_label": _RESULT + " (summary)",
    "services.insight.summary.not_reached_text": _RESULT + " (summary)",
    "services.insight.summary_pdf.fit": _RESULT + " (summary_pdf)",
    "services.insight.summary_pdf.render_pdf": _RESULT + " (summary_pdf)",
    "services.surveys.instruments.parse_instrument": _SHIPPED,
    "services.surveys.instruments.load_instrument": _SHIPPED,
    "services.volunteering.hours.insert_entries": _RESULT + " (check_entry, log_hours, the import)",
    "services.volunteering.hours_import.run_import": _RESULT + " (plan_import)",
    "services.volunteering.hours_file.template_csv": _SHIPPED,
    "services.volunteering.hours_file.template_xlsx": _SHIPPED,
    "services.volunteering.resources.minutes_by_month": _RESULT + " (resource_map)",
    "services.volunteering.resources.resource_workbook": _RESULT + " (resource_map)",
    "services.workshop.workshop_export.to_csv": _RESULT + " (sheets)",
    "services.workshop.workshop_export.to_excel": _RESULT + " (sheets)",
    "services.workshop.workshop_export.sheets": _SHIPPED,
    "services.admin.audit_scrub.may_hold": _SQL,
    "services.admin.audit_scrub.scrub_column": "scrubs a model column its caller names (anonymise, erase)",
    "services.admin.audit_scrub.scrub_text": _RESULT + " (name_pattern)",
    "services.admin.site.put": "stores a value its caller (municipality, seed, start-up) has checked",
    "services.insight.data_version.version_for": "picks a cache key for a figure function; not a service",
    "services.insight.data_version.without_votes": "a decorator marking figure functions; not a service",
    "services.volunteering.volunteer_export.to_csv": _RESULT + " (volunteer_record)",
    "services.volunteering.volunteer_export.to_json": _RESULT + " (volunteer_record)",
    "services.workshop.counts.count_dot": "keeps the counts of a dot votes.add_dot/take_dot has just checked",
    "services.volunteering.hours_kept.add": "keeps the months of entries its caller has just written",
    "services.volunteering.hours_kept.remove": "keeps the months of an entry its caller is about to delete",
    "services.volunteering.hours_kept.moving": _SQL + " (its conditions); wraps a deletion",
    "services.volunteering.hours_sums.time_rows": _SQL + " (minutes_by_month, by_target, process_figures)",
    "services.volunteering.time_scope.scope_conditions": _SQL,
    "services.workshop.open_space.common.touch": "bumps the marketplace of a workshop its caller found",
    "services.workshop.participant_privacy.clear_personal_data": _SQL + " (its `where`)",
    "services.workshop.participant_privacy.to_csv": _RESULT + " (participants_file)",
    "services.workshop.participant_privacy.to_xlsx": _RESULT + " (participants_file)",
    "services.workshop.board.by_support": _RESULT + " (an idea of a snapshot; snapshot, the push's change)",
}


def public_functions() -> dict[str, Callable[..., Any]]:
    """Every function a module under services/ defines without a leading underscore."""
    found: dict[str, Callable[..., Any]] = {}
    for module_info in pkgutil.walk_packages(services.__path__, "services."):
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(value) or value.__module__ != module.__name__:
                continue
            found[f"{module.__name__}.{name}"] = value
    return dict(sorted(found.items()))


def fuzzed() -> dict[str, Callable[..., Any]]:
    return {name: func for name, func in public_functions().items() if name not in EXCLUDED}


def check_refusal(err: DomainError) -> None:
    """The refusal's message exists in every language and renders there with its values."""
    for language in i18n.LANGUAGES:
        catalogue = i18n.catalogue(language)
        assert err.key in catalogue, f"{err!r}: no message {err.key!r} in {language}"
        field = err.params.get("field")
        assert field is None or f"field.{field}" in catalogue, f"{err!r}: no field.{field} in {language}"
        i18n.set_language(language)
        try:
            shown = i18n.refusal(err.key, err.params)
        finally:
            i18n.set_language("da")
        assert shown.strip() and err.key not in shown, f"{err!r} renders as {shown!r} in {language}"


def call(session: Session, func: Callable[..., Any], args: list[Any], kwargs: dict[str, Any]) -> str:
    """Call `func` as one unit of work that is then rolled back; "ok" or "refused".

    The caller compares every table's rows with the world's once all examples ran: a
    rollback leaves them as they were unless a service committed by itself (only the
    page's unit of work commits), so a refusal cannot leave anything half-written.
    """
    try:
        func(*args, **kwargs)
        outcome = "ok"
    except DomainError as err:
        check_refusal(err)
        outcome = "refused"
    finally:
        session.rollback()
    return outcome
