"""Where things live: the default database, resources; the --db / CRMDESK_DB override."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "crmdesk"
ENV_DB = "CRMDESK_DB"
RESOURCES_DIR = Path(__file__).resolve().parent.parent / "resources"


def user_data_dir() -> Path:
    from platformdirs import user_data_dir as _user_data_dir

    return Path(_user_data_dir(APP_NAME, appauthor=False))


def default_database() -> Path:
    """The embedded default: one SQLite file in the platform's user data folder."""
    return user_data_dir() / "crmdesk.sqlite3"


def resolve_database(cli_value: str | None = None) -> str:
    """--db beats CRMDESK_DB, which beats the default file. Paths and SQLAlchemy URLs both work."""
    return cli_value or os.environ.get(ENV_DB) or str(default_database())
