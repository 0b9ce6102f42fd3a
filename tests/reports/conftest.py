"""Demo shops the report tests print from, and helpers to read a PDF back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from reportpdf import AS_OF

from crmdesk.demo import generate_demo
from crmdesk.store import open_store


def _demo(template_db: Path, folder: Path, customers: int):
    path = folder / f"demo{customers}.sqlite3"
    shutil.copyfile(template_db, path)
    store = open_store(path)
    generate_demo(store, customers=customers, seed=7, as_of=AS_OF)
    return store


@pytest.fixture(scope="module")
def demo_store(template_db, tmp_path_factory):
    """A 300-customer demo café, read-only for the tests of a module."""
    store = _demo(template_db, tmp_path_factory.mktemp("reports"), 300)
    yield store
    store.close()


@pytest.fixture(scope="module")
def small_store(template_db, tmp_path_factory):
    store = _demo(template_db, tmp_path_factory.mktemp("reports-small"), 60)
    yield store
    store.close()

