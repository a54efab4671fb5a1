"""The facilitator's side of "what became of the ideas": level of influence, outcomes, publishing.

Shown on the catalogue page's *Outcomes* tab. Every change goes through its service (role
checked, audited) by `runtime.actions.run`.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from components.links import base_url
from components.literal import literal
from components.shell import settings
from db.session import read_scope
from i18n import fmt_datetime, t, tn
from runtime.actions import run
from services.action import idea_outcomes, outcome_notices
from services.workshop import influence
from services.workshop.workshops import WorkshopRow, get_workshop, list_workshops
from vocabulary import INFLUENCE_LEVELS


def outcome_link(slug: str, workshop_id: int) -> str:
    """The public page, opened at one workshop's outcomes."""
    return f"{base_url()}/?follow={slug}&workshop={workshop_id}"


def influence_line(level: str | None, promise: str) -> str:
    """ "Level: explanation" and the promise, as markdown with the promise kept literal."""
    if level is None:
        return ""
    head = f"**{t('influence.level_label')}: {t(f'influence.{level}')}** · {t(f'influence.{level}_means')}"
    return f"{head}  \n{literal(promise)}" if promise else head


def _level_fields(key: str, level: str | None, promise: str, *, allow_none: bool) -> tuple[str | None, str]:
    options: list[str | None] = [None, *INFLUENCE_LEVELS] if allow_none else list(INFLUENCE_LEVELS)
    chosen = st.selectbox(
        t("field.influence_level"),
        options,
        index=options.index(level) if level in options else 0,
        format_func=lambda v: t("influence.follow_process") if v is None else t(f"influence.{v}"),
        key=f"{key}_level",
    )
    st.caption(
        "  \n".join(f"**{t(f'influence.{v}')}**: {t(f'influence.{v}_means')}" for v in INFLUENCE_LEVELS)
    )
    text = st.text_area(
        t("field.influence_promise"),
        value=promise,
        max_chars=influence.PROMISE_MAX,
        placeholder=t("influence.promise_example"),
        key=f"{key}_promise",
    )
    return chosen, text


def process_influence_form(process_id: int, user_id: int) -> None:
    with read_scope() as session:
        now = influence.influence_of_process(session, process_id)
    st.subheader(t("influence.process_heading"))
    with st.form("process_influence"):
        level, promise = _level_fields("process_influence", now.level, now.promise, allow_none=False)
        go = st.form_submit_button(t("influence.save"), type="primary")
    if go:
        run(
            lambda s: influence.set_process_influence(
                s, process_id, level=level, promise=promise, by_user_id=user_id
            ),
            t("influence.saved"),
        )


def _workshop_influence_form(workshop_id: int, own: influence.Influence, user_id: int) -> None:
    with st.form(f"workshop_influence_{workshop_id}"):
        st.markdown(f"**{t('influence.workshop_heading')}**")
        level, promise = _level_fields(
            f"workshop_influence_{workshop_id}",
            own.level if own.own else None,
            own.promise if own.own else "",
            allow_none=True,
        )
        go = st.form_submit_button(t("influence.save"))
    if go:
        run(
            lambda s: influence.set_workshop_influence(
                s, workshop_id, level=level, promise=promise, by_user_id=user_id
            ),
            t("influence.saved"),
        )


def _outcome_text(o: idea_outcomes.IdeaOutcome) -> str:
    if o.outcome == "initiative":
        return t("outcome.initiative", titles=literal(", ".join(r.title for r in o.initiatives)))
    if o.outcome == "merged":
        return t("outcome.merged", title=literal(o.merged_into))
    if o.outcome == "catalogue":
        return t("outcome.catalogue")
    if o.outcome == "not_taken_forward":
        return t("outcome.not_taken_forward", reason=literal(o.reason))
    return t("outcome.pending")


def _bulk_form(workshop_id: int, outcomes: list[idea_outcomes.IdeaOutcome], user_id: int) -> None:
    """Tick ideas, then give them all one outcome and its reason (or take the decision back)."""
    open_ones = [o for o in outcomes if o.outcome not in idea_outcomes.DERIVED]
    derived = [o for o in outcomes if o.outcome in idea_outcomes.DERIVED]
    with st.form(f"outcomes_{workshop_id}"):
        st.markdown(f"**{t('outcome.decide_heading')}**")
        if not open_ones:
            st.caption(t("outcome.none_open"))
        ticked = [
            o.idea_id
            for o in open_ones
            if st.checkbox(f"{literal(o.title)} — {_outcome_text(o)}", key=f"outcome_pick_{o.idea_id}")
        ]
        decision = st.selectbox(
            t("field.idea_decision"),
            ["not_taken_forward"],
            format_func=lambda v: t(f"outcome.kind_{v}"),
            key=f"outcome_decision_{workshop_id}",
        )
        reason = st.text_area(
            t("field.decision_reason"),
            max_chars=idea_outcomes.REASON_MAX,
            placeholder=t("outcome.reason_example"),
            key=f"outcome_reason_{workshop_id}",
        )
        left, right = st.columns(2)
        apply = left.form_submit_button(t("outcome.apply"), type="primary")
        undo = right.form_submit_button(t("outcome.undo"))
    if apply:
        run(
            lambda s: idea_outcomes.decide(
                s, workshop_id, ticked, decision=decision, reason=reason, by_user_id=user_id
            ),
            lambda n: tn("outcome.decided", n),
        )
    elif undo:
        run(
            lambda s: idea_outcomes.undo_decisions(s, workshop_id, ticked, by_user_id=user_id),
            lambda n: tn("outcome.undone", n),
        )
    if derived:
        st.markdown(f"**{t('outcome.derived_heading')}**")
        st.markdown("  \n".join(f"{literal(o.title)} — {_outcome_text(o)}" for o in derived))


def _publish(
    workshop: WorkshopRow, published_at: datetime | None, published: bool, waiting: int, user_id: int
) -> None:
    st.markdown(f"**{t('outcome.publish_heading')}**")
    if published_at is not None:
        st.caption(t("outcome.published_at", when=fmt_datetime(published_at)))
    mail = settings()
    if not mail.smtp_host:
        st.caption(tn("outcome.no_mail_server", waiting))
    else:
        st.caption(tn("outcome.will_send", waiting))
    if workshop.phase != "closed":
        st.caption(t("outcome.close_first"))
    elif not published:
        st.caption(t("outcome.public_page_first"))
    if not st.button(t("outcome.publish"), key=f"outcome_publish_{workshop.id}", icon=":material/campaign:"):
        return
    server = (
        outcome_notices.MailServer(
            host=mail.smtp_host,
            port=mail.smtp_port,
            user=mail.smtp_user,
            password=mail.smtp_password,
            sender=mail.smtp_from,
            starttls=mail.smtp_starttls,
        )
        if mail.smtp_host
        else None
    )

    def done(result: outcome_notices.Publication) -> str:
        said = [t("outcome.published")]
        if result.sent:
            said.append(tn("outcome.sent", result.sent))
        if result.failed:
            said.append(tn("outcome.failed", result.failed))
        return " ".join(said)

    run(
        lambda s: outcome_notices.publish_outcomes(
            s, workshop.id, link=outcome_link, mail=server, by_user_id=user_id
        ),
        done,
    )


def outcomes_tab(process_id: int, published: bool, user_id: int) -> None:
    """Level of influence for the process, then per workshop: its level, its ideas' outcomes, publishing."""
    st.caption(t("outcome.help"))
    process_influence_form(process_id, user_id)
    with read_scope() as session:
        workshops = [w for w in list_workshops(session, process_id=process_id) if w.phase != "draft"]
    if not workshops:
        st.info(t("outcome.no_workshops"))
        return
    st.subheader(t("outcome.workshops_heading"))
    chosen = st.selectbox(
        t("field.workshop"),
        workshops,
        format_func=lambda w: literal(w.title),
        key="outcome_workshop",
    )
    with read_scope() as session:
        own = influence.influence_of_workshop(session, chosen.id)
        outcomes = idea_outcomes.workshop_outcomes(session, chosen.id)
        waiting = outcome_notices.notices_waiting(session, chosen.id)
        published_at = get_workshop(session, chosen.id).outcomes_published_at
    _workshop_influence_form(chosen.id, own, user_id)
    _bulk_form(chosen.id, outcomes, user_id)
    _publish(chosen, published_at, published, waiting, user_id)
