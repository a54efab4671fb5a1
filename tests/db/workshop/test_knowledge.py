"""A process's knowledge base and the concretising plans: staff write (role, audit), participants read."""

import pytest
from sqlalchemy import func, select

from db.models import AuditEvent, KnowledgeItem
from db.models.knowledge import FILE_MAX_BYTES
from services.action import concretising
from services.action.concretising import Plan
from services.admin.permissions import SYSTEM
from services.common.errors import InvalidInput, NotAllowed, NotFound
from services.workshop import knowledge
from services.workshop.participant_page import participant_page
from tests.factories import HOSTILE, make_idea, make_participant, make_process, make_user, make_workshop


def test_a_facilitator_builds_the_knowledge_base_and_a_participant_reads_it(session):
    facilitator = make_user(session, role="facilitator")
    w = make_workshop(session)
    add = lambda **kw: knowledge.add_item(session, w.process_id, by_user_id=facilitator.id, **kw)  # noqa: E731
    fact = add(kind="fact", title="Hver femte over 75 føler sig ensom", body=HOSTILE)
    add(kind="figure", title="1.240 borgere over 80 i kommunen")
    link = add(kind="link", title="Ældre Sagen om ensomhed", url="https://example.org/ensomhed")
    add(kind="file", title="Faktaark", file_name="faktaark.pdf", file_data=b"%PDF-1.4 demo")
    add(kind="question", title="Hvad får dig ud af døren en tirsdag?")
    _, token = make_participant(session, w)
    page = participant_page(session, token)
    seen = page.knowledge
    assert page.process_id == w.process_id
    assert [(i.kind, i.title) for i in seen][:2] == [
        ("fact", fact.title),
        ("figure", "1.240 borgere over 80 i kommunen"),
    ]
    assert seen[0].body == HOSTILE  # as typed: pages show it literally
    assert seen[2].url == "https://example.org/ensomhed"
    file = seen[3]
    assert (file.file_name, file.file_type, file.file_size) == ("faktaark.pdf", "application/pdf", 13)
    assert knowledge.file_of(session, seen[3].id, w.process_id) == (
        "faktaark.pdf",
        "application/pdf",
        b"%PDF-1.4 demo",
    )
    with pytest.raises(NotFound):  # another process's participant cannot fetch it
        knowledge.file_of(session, seen[3].id, make_process(session).id)
    knowledge.edit_item(
        session, link.id, title="Ny titel", body="", url="http://example.org/x", by_user_id=facilitator.id
    )
    knowledge.remove_item(session, fact.id, by_user_id=facilitator.id)
    assert [i.title for i in knowledge.items(session, w.process_id)][1] == "Ny titel"
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("knowledge.%"))).all()
    assert sorted(actions) == sorted(["knowledge.added"] * 5 + ["knowledge.edited", "knowledge.removed"])


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "ftp://example.org",
        "example.org",
        "https://",
        "https://a b",
    ],
)
def test_a_link_must_be_http_or_https(session, url):
    process = make_process(session)
    with pytest.raises(InvalidInput):
        knowledge.add_item(session, process.id, kind="link", title="Link", url=url, by_user_id=SYSTEM)
    assert session.scalar(select(func.count()).select_from(KnowledgeItem)) == 0


def test_files_are_small_and_of_known_types(session):
    process = make_process(session)
    for name, data in (
        ("stor.pdf", b"x" * (FILE_MAX_BYTES + 1)),
        ("side.html", b"<script>"),
        ("uden", b"x"),
        ("tom.pdf", b""),
    ):
        with pytest.raises(InvalidInput):
            knowledge.add_item(
                session,
                process.id,
                kind="file",
                title="Fil",
                file_name=name,
                file_data=data,
                by_user_id=SYSTEM,
            )
    item = knowledge.add_item(
        session,
        process.id,
        kind="file",
        title="Fil",
        file_name="Plan.DOCX",
        file_data=b"x",
        by_user_id=SYSTEM,
    )
    assert item.file_type.endswith("wordprocessingml.document")  # ours, from the extension


@pytest.mark.parametrize("role", ["leader", "politician"])
def test_only_facilitators_and_admins_edit_knowledge_and_plans(session, role):
    user = make_user(session, role=role)
    w = make_workshop(session)
    with pytest.raises(NotAllowed):
        knowledge.add_item(session, w.process_id, kind="fact", title="x", by_user_id=user.id)
    with pytest.raises(NotAllowed):
        concretising.save_plan(session, make_idea(session, w).id, Plan(who="x"), by_user_id=user.id)


def test_a_plan_is_saved_over_and_read_back(session):
    w = make_workshop(session)
    idea, other = make_idea(session, w), make_idea(session, w)
    with pytest.raises(InvalidInput):
        concretising.save_plan(session, idea.id, Plan(who="  "), by_user_id=SYSTEM)
    concretising.save_plan(
        session, idea.id, Plan(who="Seniorforeningen", first_step="Book lokalet"), by_user_id=SYSTEM
    )
    concretising.save_plan(
        session,
        idea.id,
        Plan(who="Frivilligcenteret", what=HOSTILE, anchoring="Driftsbudget 2027"),
        by_user_id=SYSTEM,
    )
    plans = concretising.plans_for(session, [idea.id, other.id])
    assert plans == {idea.id: Plan(who="Frivilligcenteret", what=HOSTILE, anchoring="Driftsbudget 2027")}
    assert session.scalar(select(func.count()).where(AuditEvent.action == "plan.saved")) == 2
