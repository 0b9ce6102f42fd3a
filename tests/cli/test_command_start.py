"""A command's own start stays light (issue 18): `crmdesk --help` and `crmdesk info`, each in a child process as a
user runs them, load no pandas, numpy, scipy, Qt or import engine; --help not even SQLAlchemy, and info not the
models (it counts by table name). The consent words the parser spells out stay those of services.consent."""

import ast
import subprocess
import sys

import pytest

from crmdesk.store import open_store

PROBE = """
import sys, io, contextlib
from crmdesk.app import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    try:
        code = main(sys.argv[1:])
    except SystemExit as exc:
        code = exc.code
print(repr(code))
print(out.getvalue())
print(sorted(sys.modules))
"""
HEAVY = ("pandas", "numpy", "scipy", "PySide6", "crmdesk.importing")


def loaded(*argv: str) -> tuple[str, list[str]]:
    result = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    *said, modules = result.stdout.strip().splitlines()
    return "\n".join(said), ast.literal_eval(modules)


def heavy(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == n or m.startswith(n + ".") for n in names)]


def test_help_loads_neither_the_heavy_modules_nor_sqlalchemy():
    said, modules = loaded("--help")
    assert "usage: crmdesk" in said
    assert heavy(modules, (*HEAVY, "sqlalchemy", "sqlmodel", "crmdesk.models")) == []


def test_info_loads_no_heavy_module_and_no_model(tmp_path):
    db = tmp_path / "shop.sqlite3"
    open_store(db).close()
    said, modules = loaded("--db", str(db), "--lang", "en", "info")
    assert "Customers: 0" in said and "Schema version:" in said
    assert heavy(modules, (*HEAVY, "crmdesk.models", "crmdesk.services")) == []
    assert "sqlalchemy" in modules  # it did open the database


def test_parser_consent_words_are_the_services():
    from crmdesk.cli.parser import CONSENT_METHODS, CONSENT_PURPOSES
    from crmdesk.services.consent import METHODS, Purpose

    assert CONSENT_PURPOSES == tuple(p.value for p in Purpose)
    assert CONSENT_METHODS == METHODS


@pytest.mark.parametrize("purpose", ["sms", "collection"])
def test_consent_command_still_takes_every_purpose(purpose):
    from crmdesk.cli.parser import build_parser

    args = build_parser().parse_args(["consent", "7", "--grant", purpose, "--method", "verbal"])
    assert (args.grant, args.method) == (purpose, "verbal")


def test_rfm_out_loads_neither_the_models_nor_the_import_engine_and_is_still_logged(tmp_path):
    """`rfm --out FILE.csv` is a whole command measured against a floor of SQLAlchemy + one GROUP BY + the csv
    module (benchmarks/bench_commands.py): its permission check, the sign-in question and the export's audit entry
    are plain SQL and the scores numpy's (analytics/rfm_core.py), so it loads neither pandas (a third of the
    command's time), SQLModel, the models nor the import engine."""
    from sqlmodel import select

    from crmdesk.demo import generate_demo
    from crmdesk.models import AuditEntry

    db = tmp_path / "shop.sqlite3"
    store = open_store(db)
    generate_demo(store, customers=40, seed=3)
    store.close()
    out = tmp_path / "rfm.csv"
    said, modules = loaded("--db", str(db), "--lang", "en", "rfm", "--out", str(out))
    assert "Wrote RFM of" in said and out.read_text(encoding="utf-8-sig").startswith("customer_id,")
    assert heavy(modules, ("pandas", "sqlmodel", "crmdesk.models", "crmdesk.importing", "PySide6", "scipy")) == []
    store = open_store(db)
    with store.session() as session:
        entry = session.exec(select(AuditEntry).where(AuditEntry.action == "export")).one()
    store.close()
    assert entry.details.startswith('{"what": "rfm", "file": ') and entry.hash  # chained like every entry
