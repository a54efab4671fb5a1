"""The catalogue page: curators pick and word ideas; all preview and export; bad input changes nothing."""

from sqlalchemy import func, select

from db.models import CatalogueEntry, Process
from db.session import read_scope
from services.action import catalogue
from tests.ui.apptest import new_app, sign_in, texts

HOSTILE = "<script>alert(1)</script> **fed** :red[rød]"


def _page(username):
    at = sign_in(new_app(), username)
    return at.switch_page("app_pages/catalogue.py").run()


def _entries(url):
    with read_scope(url) as s:
        return s.scalar(select(func.count()).select_from(CatalogueEntry))


def _click(at, key):
    at.button(key=key).click()
    return at.run()


def test_facilitator_adds_ideas_and_rewords_an_entry(demo, db_url):
    at = _page("facilitator")
    assert not at.exception
    tabs = [t.label for t in at.tabs]
    assert tabs == [
        "Forhåndsvisning",
        "Vælg idéer",
        "Formulering og rækkefølge",
        "Indledning",
        "Eksport",
        "Offentlig side",
        "Udfald",
    ]
    before = _entries(db_url)
    with read_scope(db_url) as s:
        wanted = [c.id for c in catalogue.candidates(s, demo.process_id) if c.entry_id is None][:2]
    assert len(wanted) == 2, "the demo leaves some ideas out of the catalogue"
    at.multiselect(key="catalogue_pick_ideas").set_value(wanted)
    at = _click(at, "FormSubmitter:catalogue_pick_form-Tilføj til kataloget")
    assert "2 idéer er tilføjet kataloget." in texts(at)
    assert _entries(db_url) == before + 2

    # Reword the first entry with hostile text: stored as typed, shown literally.
    entry_id = at.selectbox(key="catalogue_entry").value
    at.text_input(key=f"catalogue_edit_title_{entry_id}").input(HOSTILE)
    at = _click(at, f"FormSubmitter:catalogue_edit_form_{entry_id}-Gem formuleringen")
    assert "Idéen er gemt." in texts(at)
    with read_scope(db_url) as s:
        assert s.get(CatalogueEntry, entry_id).title == HOSTILE
    shown = [m.value for m in at.markdown if "alert" in m.value]
    assert shown and all("\\<script\\>" in v and "\\*\\*fed\\*\\*" in v and "\\:red\\[" in v for v in shown)


def test_bad_wording_is_refused_and_nothing_changes(demo, db_url):
    at = _page("facilitator")
    entry_id = at.selectbox(key="catalogue_entry").value
    with read_scope(db_url) as s:
        title = s.get(CatalogueEntry, entry_id).title
    at.text_input(key=f"catalogue_edit_title_{entry_id}").input("   ")
    at = _click(at, f"FormSubmitter:catalogue_edit_form_{entry_id}-Gem formuleringen")
    assert "Titel skal udfyldes." in [e.value for e in at.error]
    at.text_area(key=f"catalogue_edit_body_{entry_id}").input("x" * 3001)
    at.text_input(key=f"catalogue_edit_title_{entry_id}").input("Ny titel")
    at = _click(at, f"FormSubmitter:catalogue_edit_form_{entry_id}-Gem formuleringen")
    assert any("Tekst er for lang: højst 3.000 tegn" in e.value for e in at.error)
    with read_scope(db_url) as s:
        assert s.get(CatalogueEntry, entry_id).title == title
    # Nothing picked: a clear message, nothing added.
    before = _entries(db_url)
    at = _click(at, "FormSubmitter:catalogue_pick_form-Tilføj til kataloget")
    assert "Vælg mindst én idé." in [e.value for e in at.error]
    assert _entries(db_url) == before


def test_move_and_intro(demo, db_url):
    at = _page("facilitator")
    with read_scope(db_url) as s:
        first, second = catalogue.catalogue(s, demo.process_id).sections[0].entries[:2]
    at.selectbox(key="catalogue_entry").set_value(second.id).run()
    at = _click(at, "catalogue_entry_up")
    with read_scope(db_url) as s:
        again = catalogue.catalogue(s, demo.process_id).sections[0].entries
    assert [again[0].id, again[1].id] == [second.id, first.id]
    at.text_area(key="catalogue_intro").input("Kære borgere,\n\n**ikke fed**")
    at = _click(at, "FormSubmitter:catalogue_intro_form-Gem indledningen")
    assert "Indledningen er gemt." in texts(at)
    assert any("\\*\\*ikke fed\\*\\*" in m.value for m in at.markdown)


def test_politician_reads_previews_and_exports_but_does_not_curate(demo):
    at = _page("politician")
    assert not at.exception
    assert [t.label for t in at.tabs] == ["Forhåndsvisning", "Eksport", "Offentlig side"]
    assert "Nabohjælp i boligforeningen" in texts(at)
    assert "19 prikker fra 16 deltagere" in texts(at)
    assert not [b for b in at.button if b.key in ("catalogue_publish", "catalogue_unpublish")]
    at = _click(at, "catalogue_make_pdf")
    assert not at.exception
    assert "catalogue_download_pdf" in [b.key for b in at.get("download_button")]


def test_publish_and_unpublish_the_public_page(demo, db_url):
    at = _page("admin")
    assert "Siden er offentliggjort." in texts(at)
    at = _click(at, "catalogue_unpublish")
    with read_scope(db_url) as s:
        assert s.get(Process, demo.process_id).public_page_published is False
    assert "Siden er ikke offentliggjort" in texts(at)
    at = _click(at, "catalogue_publish")
    with read_scope(db_url) as s:
        assert s.get(Process, demo.process_id).public_page_published is True


def test_take_an_entry_out_after_confirming(demo, db_url):
    at = _page("facilitator")
    entry_id = at.selectbox(key="catalogue_entry").value
    before = _entries(db_url)
    at = _click(at, "catalogue_entry_remove")
    assert "Idéen er taget ud af kataloget. Selve idéen er uændret." in texts(at)
    assert _entries(db_url) == before - 1
    with read_scope(db_url) as s:
        assert s.get(CatalogueEntry, entry_id) is None
