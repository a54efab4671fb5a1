"""Publishing a workshop's outcomes, and the one e-mail notice to participants who asked for it.

A participant may leave an e-mail address when joining, for exactly this: one notice when
the facilitator publishes what became of the workshop's ideas. The address is erased as
soon as the notice has gone (and with the participant's other details by erasure,
anonymisation and retention, `services.workshop.participant_privacy`), so it is never
kept for anything else. Without a mail server nothing is sent and the addresses wait,
so publishing again once a server is set up sends the notices then.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session

import clock
import i18n
import logs
from db.models import Participant
from services.admin import audit, permissions
from services.admin.permissions import ByUser
from services.common.errors import InvalidInput, WrongPhase
from services.workshop.workshops import get_workshop

SMTP_TIMEOUT_SECONDS = 20


@dataclass(frozen=True)
class MailServer:
    host: str
    port: int = 587
    user: str = ""
    password: str = ""
    sender: str = ""
    starttls: bool = True


@dataclass(frozen=True)
class Publication:
    sent: int  # notices handed to the mail server now
    failed: int  # refused by the server or not delivered; their addresses wait for the next publish
    waiting: int  # addresses kept because no mail server is set up


def _message(sender: str, to: str, language: str, workshop_title: str, link: str) -> EmailMessage:
    """The notice, written in the language the participant used when joining."""
    before = i18n.current_language()
    i18n.set_language(language)
    try:
        message = EmailMessage()
        message["From"] = sender
        message["To"] = to
        message["Subject"] = i18n.t("notice.subject", workshop=workshop_title)
        message.set_content(i18n.t("notice.body", workshop=workshop_title, link=link))
    finally:
        i18n.set_language(before)
    return message


def _send(mail: MailServer, messages: list[tuple[int, EmailMessage]]) -> list[int]:
    """Hand the messages to the mail server; the participant ids whose notice it accepted."""
    sent: list[int] = []
    try:
        with smtplib.SMTP(mail.host, mail.port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
            if mail.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if mail.user:
                smtp.login(mail.user, mail.password)
            for participant_id, message in messages:
                try:
                    smtp.send_message(message)
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused):
                    logs.event("outcomes.notice_refused", participant_id=participant_id)
                else:
                    sent.append(participant_id)
    except (OSError, smtplib.SMTPException) as err:
        # Unreachable or refusing server: the addresses stay for the next publish.
        logs.event("outcomes.mail_server_failed", error=type(err).__name__)
    return sent


def publish_outcomes(
    session: Session,
    workshop_id: int,
    *,
    link: Callable[[str, int], str],
    mail: MailServer | None,
    by_user_id: ByUser,
) -> Publication:
    """Mark the workshop's outcomes as published and send the notices; how many went.

    The workshop must be closed and its process's public page published, since the notice
    links to it. `link(slug, workshop_id)` is the public page's address for the workshop.
    A participant's address is erased in the same transaction as their notice is accepted.
    """
    permissions.require(session, by_user_id, permissions.can_curate_catalogue)
    workshop = get_workshop(session, workshop_id)
    if workshop.phase != "closed":
        raise WrongPhase("error.outcomes_need_closed")
    process = workshop.process
    if not process.public_page_published:
        raise InvalidInput("error.outcomes_need_public_page")
    workshop.outcomes_published_at = clock.utcnow()
    waiting = list(
        session.scalars(
            select(Participant)
            .where(Participant.workshop_id == workshop.id, Participant.email.is_not(None))
            .order_by(Participant.id)
        )
    )
    sent: list[int] = []
    if mail is not None and mail.host and waiting:
        address = link(process.public_slug, workshop.id)
        messages = [
            (p.id, _message(mail.sender, p.email or "", p.notice_language or "da", workshop.title, address))
            for p in waiting
        ]
        sent = _send(mail, messages)
        for p in waiting:
            if p.id in sent:
                p.email, p.notice_language = None, None
    session.flush()
    no_server = mail is None or not mail.host
    result = Publication(
        sent=len(sent),
        failed=0 if no_server else len(waiting) - len(sent),
        waiting=len(waiting) if no_server else 0,
    )
    audit.record(
        session,
        user_id=by_user_id,
        action="outcomes.publish",
        entity="workshop",
        entity_id=workshop.id,
        sent=result.sent,
        failed=result.failed,
        waiting=result.waiting,
    )
    return result


def notices_waiting(session: Session, workshop_id: int) -> int:
    """How many participants of a workshop wait for the notice (an address kept for it)."""
    return len(
        session.scalars(
            select(Participant.id).where(
                Participant.workshop_id == workshop_id, Participant.email.is_not(None)
            )
        ).all()
    )
