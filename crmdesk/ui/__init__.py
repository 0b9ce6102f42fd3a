"""The window: Qt lives only in this package.

Importing the package first imports the store and the services the first screen uses, before any module
here imports PySide6: once PySide6 is loaded, its import hook (``__feature__``) wraps every later import,
and SQLAlchemy, the models and the services then take about 0.2 s longer to load, a seventh of the
start-up budget. tests/ui/test_startup_imports.py checks that none of them is left until after PySide6.
"""
# ruff: noqa: F401 - imported for their side effect: loaded now, before Qt

import sqlalchemy.dialects.sqlite  # else loaded by the first engine, after PySide6

import crmdesk.config
import crmdesk.reports  # the package only: its qtfonts (Qt itself) registers the window's font
import crmdesk.services.audit
import crmdesk.services.auth
import crmdesk.services.checks
import crmdesk.services.contacts
import crmdesk.services.customer_value
import crmdesk.services.customers
import crmdesk.services.exporting
import crmdesk.services.family
import crmdesk.services.feedback
import crmdesk.services.loyalty
import crmdesk.services.next_offer
import crmdesk.services.privacy
import crmdesk.services.purchases
import crmdesk.services.restoring
import crmdesk.services.settings
import crmdesk.services.staff
import crmdesk.services.suggestions
import crmdesk.services.timeline
import crmdesk.store
import crmdesk.store.backups
import crmdesk.store.schema
