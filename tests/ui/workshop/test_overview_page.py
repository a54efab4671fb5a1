"""The overview lists each process's workshops on the day they meet in the municipality."""

from datetime import datetime

from db.session import session_scope
from services.admin.permissions import SYSTEM
from services.workshop import new_workshops
from tests.ui.apptest import new_app, sign_in


def test_a_workshop_just_after_midnight_is_listed_on_its_local_day(demo, db_url):
    with session_scope(db_url) as s:
        new_workshops.create_workshop(
            s,
            process_id=demo.process_id,
            title="Natcafé",
            # Stored as UTC: 23:30 on 30 November is 00:30 on 1 December in Copenhagen.
            starts_at=datetime(2026, 11, 30, 23, 30),
            place="Biblioteket",
            themes=["Søvnløse nætter"],
            by_user_id=SYSTEM,
        )
    at = sign_in(new_app(), "facilitator")
    assert not at.exception
    [table] = [d.value for d in at.dataframe if "Natcafé" in list(d.value["Titel"])]
    assert table.loc[table["Titel"] == "Natcafé", "Dato"].item() == "1. dec. 2026"
