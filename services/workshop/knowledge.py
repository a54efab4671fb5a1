"""A process's knowledge base: facts, figures, links, small files and its dialogue questions.

Staff who manage processes add, edit and remove items (audited); participants read them on
their tablet through their link. A link must be an http(s) address: pages show it as text
and offer it as a link only then. Files are kept in the database, so they are small
(`FILE_MAX_BYTES`) and of a few document and image types; the type served is ours, from the
name's extension, never what the browser claimed.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models.knowledge import FILE_MAX_BYTES, KNOWLEDGE_KINDS, KnowledgeItem
from services.admin import audit, permissions
from services.common.errors import InvalidInput, NotFound
from services.common.text import clean_text, one_of
from services.workshop.processes import get_process

TITLE_MAX = 200
BODY_MAX = 4000
URL_MAX = 500
FILE_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "txt": "text/plain",
    "csv": "text/csv",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
}


@dataclass(frozen=True)
class Item:
    id: int
    kind: str
    title: str
    body: str
    url: str
    file_name: str
    file_type: str
    file_size: int


def safe_url(url: str) -> bool:
    """Whether `url` may be offered as a link: http or https with a host, nothing else."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in url)


def _clean_url(url: str | None) -> str:
    text = clean_text(url, field="knowledge_url", max_len=URL_MAX)
    if not safe_url(text):
        raise InvalidInput("error.knowledge_url")
    return text


def _clean_file(name: str | None, data: bytes | None) -> tuple[str, str, bytes]:
    if not data:
        raise InvalidInput("error.required", field="knowledge_file")
    if len(data) > FILE_MAX_BYTES:
        raise InvalidInput("error.knowledge_file_too_big", max_mb=FILE_MAX_BYTES // (1024 * 1024))
    clean_name = clean_text(name, field="knowledge_file", max_len=120)
    extension = clean_name.rsplit(".", 1)[-1].lower() if "." in clean_name else ""
    if extension not in FILE_TYPES:
        raise InvalidInput("error.knowledge_file_type", types=", ".join(sorted(FILE_TYPES)))
    return clean_name, FILE_TYPES[extension], data


def add_item(
    session: Session,
    process_id: int,
    *,
    kind: str,
    title: str | None,
    body: str | None = "",
    url: str | None = "",
    file_name: str | None = "",
    file_data: bytes | None = None,
    by_user_id: permissions.ByUser,
) -> KnowledgeItem:
    """A new item at the end of the process's knowledge base."""
    permissions.require(session, by_user_id, permissions.can_manage_processes)
    get_process(session, process_id)
    kind = one_of(kind, KNOWLEDGE_KINDS, field="knowledge_kind")
    item = KnowledgeItem(
        process_id=process_id,
        kind=kind,
        title=clean_text(title, field="knowledge_title", max_len=TITLE_MAX),
        body=clean_text(body, field="knowledge_body", max_len=BODY_MAX, required=False, multiline=True),
        url=_clean_url(url) if kind == "link" else "",
    )
    if kind == "file":
        item.file_name, item.file_type, item.file_data = _clean_file(file_name, file_data)
    last = session.scalar(
        select(func.max(KnowledgeItem.position)).where(KnowledgeItem.process_id == process_id)
    )
    item.position = 0 if last is None else last + 1
    session.add(item)
    session.flush()
    audit.record(
        session, user_id=by_user_id, action="knowledge.added", entity="process", entity_id=process_id,
        item_id=item.id, kind=kind,
    )  # fmt: skip
    return item


def _item(session: Session, item_id: int) -> KnowledgeItem:
    item = session.get(KnowledgeItem, item_id)
    if item is None:
        raise NotFound("error.knowledge_not_found")
    return item


def edit_item(
    session: Session,
    item_id: int,
    *,
    title: str | None,
    body: str | None,
    url: str | None = "",
    by_user_id: permissions.ByUser,
) -> KnowledgeItem:
    """New words for an item (and a new address for a link); a file stays as it was."""
    permissions.require(session, by_user_id, permissions.can_manage_processes)
    item = _item(session, item_id)
    item.title = clean_text(title, field="knowledge_title", max_len=TITLE_MAX)
    item.body = clean_text(body, field="knowledge_body", max_len=BODY_MAX, required=False, multiline=True)
    if item.kind == "link":
        item.url = _clean_url(url)
    audit.record(
        session, user_id=by_user_id, action="knowledge.edited", entity="process", entity_id=item.process_id,
        item_id=item.id,
    )  # fmt: skip
    return item


def remove_item(session: Session, item_id: int, *, by_user_id: permissions.ByUser) -> None:
    permissions.require(session, by_user_id, permissions.can_manage_processes)
    item = _item(session, item_id)
    audit.record(
        session, user_id=by_user_id, action="knowledge.removed", entity="process", entity_id=item.process_id,
        item_id=item.id, kind=item.kind,
    )  # fmt: skip
    session.delete(item)
    session.flush()


def items(session: Session, process_id: int) -> list[Item]:
    """The process's knowledge base in order, without the files' bytes."""
    rows = session.execute(
        select(
            KnowledgeItem.id, KnowledgeItem.kind, KnowledgeItem.title, KnowledgeItem.body, KnowledgeItem.url,
            KnowledgeItem.file_name, KnowledgeItem.file_type,
            func.coalesce(func.length(KnowledgeItem.file_data), 0),
        )
        .where(KnowledgeItem.process_id == process_id)
        .order_by(KnowledgeItem.position, KnowledgeItem.id)
    ).all()  # fmt: skip
    return [Item(*row) for row in rows]


def file_of(session: Session, item_id: int, process_id: int) -> tuple[str, str, bytes]:
    """(name, type, bytes) of a file item of `process_id` (a participant's process, or staff's pick)."""
    item = session.get(KnowledgeItem, item_id)
    if item is None or item.process_id != process_id or item.kind != "file" or item.file_data is None:
        raise NotFound("error.knowledge_not_found")
    return item.file_name, item.file_type, item.file_data
