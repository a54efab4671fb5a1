"""Publishing outcomes sends the one notice by SMTP to a real local server; the address goes with it."""

import email
import email.policy
import json
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

import clock
from db.models import AuditEvent, Participant
from services.action import curation, outcome_notices
from services.admin.permissions import SYSTEM
from services.common.errors import InvalidInput, NotAllowed, WrongPhase
from services.workshop import participant_privacy, participant_retention
from tests.factories import make_participant, make_user, make_workshop


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.Message]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (list(envelope.rcpt_tos), email.message_from_bytes(envelope.content, policy=email.policy.default))
        )
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield (
            inbox,
            outcome_notices.MailServer(
                host="127.0.0.1", port=controller.port, sender="samskab@lindholt.dk", starttls=False
            ),
        )
    finally:
        controller.stop()


def _link(slug: str, workshop_id: int) -> str:
    return f"https://samskab.lindholt.dk/?follow={slug}&workshop={workshop_id}"


def _closed_public_workshop(session, title="Idéværksted 1"):
    return make_workshop(session, phase="collect", title=title)


def _close(session, w):
    w.phase = "closed"
    curation.set_published(session, w.process_id, True, by_user_id=SYSTEM)
    session.flush()


def test_publishing_sends_one_notice_in_the_participants_language_and_erases_the_address(session, smtp):
    inbox, server = smtp
    w = _closed_public_workshop(session)
    nb, _ = make_participant(session, w, email=" kari@example.no ", email_consent=True, language="nb")
    da, _ = make_participant(session, w, email="grethe@example.dk", email_consent=True, language="da")
    silent, _ = make_participant(session, w)
    _close(session, w)
    facilitator = make_user(session, role="facilitator").id
    result = outcome_notices.publish_outcomes(session, w.id, link=_link, mail=server, by_user_id=facilitator)
    assert (result.sent, result.failed, result.waiting) == (2, 0, 0)
    received = {to[0]: message for to, message in inbox.messages}
    assert set(received) == {"kari@example.no", "grethe@example.dk"}
    link = _link(w.process.public_slug, w.id)
    norwegian, danish = received["kari@example.no"], received["grethe@example.dk"]
    assert norwegian["To"] == "kari@example.no" and norwegian["From"] == "samskab@lindholt.dk"
    assert norwegian["Subject"] == "Hva som skjedde med ideene fra Idéværksted 1"
    text = norwegian.get_payload(decode=True).decode()
    assert "Du ba om å få beskjed" in text and link in text
    assert danish["Subject"] == "Hvad der skete med idéerne fra Idéværksted 1"
    body = danish.get_payload(decode=True).decode()
    assert "Du bad om at få besked" in body and link in body
    session.expire_all()
    assert [session.get(Participant, p.id).email for p in (nb, da, silent)] == [None, None, None]
    assert w.outcomes_published_at is not None
    # Publishing again sends nothing more: one notice per participant.
    assert (
        outcome_notices.publish_outcomes(session, w.id, link=_link, mail=server, by_user_id=facilitator).sent
        == 0
    )
    assert len(inbox.messages) == 2
    audit = session.scalars(select(AuditEvent).where(AuditEvent.action == "outcomes.publish")).all()
    assert [(a.user_id, json.loads(a.detail)["sent"]) for a in audit] == [(facilitator, 2), (facilitator, 0)]


def test_without_a_mail_server_nothing_is_sent_and_the_addresses_wait(session, smtp):
    inbox, server = smtp
    w = _closed_public_workshop(session)
    make_participant(session, w, email="grethe@example.dk", email_consent=True)
    _close(session, w)
    result = outcome_notices.publish_outcomes(session, w.id, link=_link, mail=None, by_user_id=SYSTEM)
    assert (result.sent, result.waiting) == (0, 1) and inbox.messages == []
    assert outcome_notices.notices_waiting(session, w.id) == 1
    assert (
        outcome_notices.publish_outcomes(session, w.id, link=_link, mail=server, by_user_id=SYSTEM).sent == 1
    )
    assert outcome_notices.notices_waiting(session, w.id) == 0


def test_an_unreachable_server_keeps_the_addresses_for_next_time(session):
    w = _closed_public_workshop(session)
    make_participant(session, w, email="grethe@example.dk", email_consent=True)
    _close(session, w)
    dead = outcome_notices.MailServer(host="127.0.0.1", port=_free_port(), starttls=False)
    result = outcome_notices.publish_outcomes(session, w.id, link=_link, mail=dead, by_user_id=SYSTEM)
    assert (result.sent, result.failed) == (0, 1)
    assert outcome_notices.notices_waiting(session, w.id) == 1


def test_publishing_needs_a_closed_workshop_a_public_page_and_the_role(session):
    w = _closed_public_workshop(session)
    with pytest.raises(WrongPhase):
        outcome_notices.publish_outcomes(session, w.id, link=_link, mail=None, by_user_id=SYSTEM)
    w.phase = "closed"
    with pytest.raises(InvalidInput):
        outcome_notices.publish_outcomes(session, w.id, link=_link, mail=None, by_user_id=SYSTEM)
    curation.set_published(session, w.process_id, True, by_user_id=SYSTEM)
    for role in ("leader", "politician"):
        with pytest.raises(NotAllowed):
            outcome_notices.publish_outcomes(
                session, w.id, link=_link, mail=None, by_user_id=make_user(session, role=role).id
            )
    assert w.outcomes_published_at is None


def test_an_address_needs_consent_and_must_look_like_one(session):
    w = make_workshop(session)
    with pytest.raises(InvalidInput) as no_consent:
        make_participant(session, w, email="grethe@example.dk")
    assert no_consent.value.key == "error.email_consent"
    with pytest.raises(InvalidInput) as bad:
        make_participant(session, w, email="grethe at home", email_consent=True)
    assert bad.value.key == "error.email_address"


def test_the_address_is_erased_with_the_other_details(session):
    w = make_workshop(session)
    own, token = make_participant(session, w, email="a@example.dk", email_consent=True, language="en")
    other, _ = make_participant(session, w, email="b@example.dk", email_consent=True)
    later = make_workshop(session)
    retained, _ = make_participant(session, later, email="c@example.dk", email_consent=True)
    assert participant_privacy.own_data(session, token).email == "a@example.dk"
    assert participant_privacy.erase_own_data(session, token)
    participant_privacy.anonymise_participants(session, w.id, by_user_id=SYSTEM)
    later.phase = "closed"
    later.phase_changed_at = clock.utcnow() - timedelta(days=40)
    participant_retention.anonymise_expired(session, days=30)
    session.expire_all()
    for p in (own, other, retained):
        row = session.get(Participant, p.id)
        assert (row.email, row.notice_language) == (None, None)
