"""A database URL's password is never printed, shown or written to the audit log (crmdesk.store.engine.mask_url),
and a server that cannot be reached is one line naming it, password hidden, exit code 1."""

from __future__ import annotations

import json

import pytest

from crmdesk.app import main
from crmdesk.store.engine import mask_url

SECRET = "s3cret-Pw_1"


@pytest.mark.parametrize(("text", "shown"), [
    (f"postgresql+psycopg://crmdesk:{SECRET}@192.168.0.10:5432/shop",
     "postgresql+psycopg://crmdesk:***@192.168.0.10:5432/shop"),
    (f"cannot open (postgresql://a:{SECRET}@h/db), then postgresql://b@h/db",
     "cannot open (postgresql://a:***@h/db), then postgresql://b@h/db"),
    ("postgresql://a:p@ss@h/db", "postgresql://a:***@h/db"),  # an unencoded @ in the password hides it all
    (f"host=h password={SECRET} user=u", "host=h password=*** user=u"),
    ("/home/shop/crmdesk.sqlite3", "/home/shop/crmdesk.sqlite3"),
])
def test_mask_url_hides_every_password(text, shown):
    assert mask_url(text) == shown


def test_a_server_that_cannot_be_reached_is_one_line_without_the_password(capsys):
    from crmdesk.store import pg_server

    url = f"postgresql+psycopg://crmdesk:{SECRET}@127.0.0.1:{pg_server.free_port()}/shop"
    assert main(["--lang", "en", "--db", url, "customers"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "The database server cannot be reached" in err and "crmdesk:***@127.0.0.1" in err
    assert SECRET not in err


def test_info_on_a_server_hides_the_password(pg_database, capsys):
    from sqlalchemy.engine import make_url

    password = make_url(pg_database).password
    assert password
    assert main(["--db", pg_database, "info"]) == 0
    out = capsys.readouterr().out
    assert password not in out and ":***@" in out


def test_the_audit_log_never_keeps_a_password(store):
    from sqlmodel import select

    from crmdesk.models import AuditEntry
    from crmdesk.services import audit

    with store.session() as session:
        audit.record(session, "moved", details={"target": f"postgresql://crmdesk:{SECRET}@pc/shop"})
    with store.session() as session:
        entry = session.exec(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert json.loads(entry.details) == {"target": "postgresql://crmdesk:***@pc/shop"}


def test_the_store_shows_a_file_as_it_is_and_a_server_masked(store):
    if store.path is not None:
        assert store.shown == str(store.path)
    else:
        assert ":***@" in store.shown and store.url != store.shown
