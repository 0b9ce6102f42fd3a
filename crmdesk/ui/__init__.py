"""The window: Qt lives only in this package.

Importing the package first imports what the window needs up to its first rows, before any module here imports
PySide6: once PySide6 is loaded, its import hook (``__feature__``) wraps every later import, and SQLAlchemy and
SQLModel would take about 0.1 s longer to load. The models and the services are not among them: the first rows are
read with plain SQL (services/customer_rows.py), and the models (about 0.15 s to define) and services load with the
customer card, just after the rows are painted (ui/customers/customers_screen.py), when the hook's toll on them
(about 20 ms) no longer delays anything on screen. tests/ui/app/test_startup_imports.py checks both: nothing the
first rows need is left until after PySide6, and neither the models nor the services load before the first rows.
"""
# ruff: noqa: F401 - imported for their side effect: loaded now, before Qt

import sqlalchemy.dialects.sqlite  # else loaded by the first engine, after PySide6
import sqlmodel  # Store.session's Session

import crmdesk.access
import crmdesk.config
import crmdesk.normalise
import crmdesk.reports  # the package only: its qtfonts (Qt itself) registers the window's font
import crmdesk.services.customer_rows
import crmdesk.store
import crmdesk.store.backups
import crmdesk.store.schema
