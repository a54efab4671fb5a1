"""The public "you said, we did" page: no login, published only, no personal data."""

from sqlalchemy import func, select

from db.models import Actor, Participant, Process, Workshop
from db.session import read_scope, session_scope
from i18n import fmt_int
from services.action import curation
from services.admin.permissions import SYSTEM
from tests.ui.apptest import new_app, texts


def _slug(url):
    with read_scope(url) as s:
        # The demo's earlier Vestbyen process is not published; its main process is.
        return s.scalar(select(Process.public_slug).where(Process.public_page_published.is_(True)))


def test_public_page_opens_without_login_and_shows_what_became_of_the_ideas(demo, db_url):
    at = new_app(follow=_slug(db_url)).run()
    assert not at.exception
    assert "authentication_status" not in at.session_state  # the authenticator never ran
    assert not [b for b in at.button if b.label == "Log ind"]
    shown = texts(at)
    assert at.title[0].value == "Sammen mod ensomhed"
    for expected in (
        "Vi gjorde: initiativer",
        "Torsdagsspisning på Lindholt Aktivitetscenter",
        "Nabohjælp i boligforeningen",
    ):
        assert expected in shown, expected
    with read_scope(db_url) as s:
        # Everyone who joined a workshop of the process that took place (drafts never did).
        joined = s.scalar(
            select(func.count(Participant.id))
            .join(Workshop, Participant.workshop_id == Workshop.id)
            .join(Process, Workshop.process_id == Process.id)
            .where(Process.public_slug == _slug(db_url), Workshop.phase != "draft")
        )
    assert joined and {m.label: m.value for m in at.metric}["Deltagere"] == fmt_int(joined)
    # No contact persons and no participant names.
    with read_scope(db_url) as s:
        contacts = [c for c in s.scalars(select(Actor.contact_name)) if c]
        names = {n for n in s.scalars(select(Participant.display_name)) if n}
    assert contacts and names
    for person in contacts:
        assert person not in shown, person
    words = set(shown.replace("\\", "").split())
    assert not names & words


def test_unknown_or_unpublished_page_says_so(demo, db_url):
    at = new_app(follow="not-a-slug").run()
    assert "Siden findes ikke eller er ikke offentliggjort (endnu)." in " ".join(e.value for e in at.error)
    with session_scope(db_url) as s:
        curation.set_published(s, demo.process_id, False, by_user_id=SYSTEM)
    at = new_app(follow=_slug(db_url)).run()
    assert at.error and "Torsdagsspisning" not in texts(at)


def test_language_follows_the_url(demo, db_url):
    at = new_app(follow=_slug(db_url), lang="en").run()
    assert "We did: initiatives" in texts(at)
