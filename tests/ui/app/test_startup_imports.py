"""The window opens on the customer list without loading what only other screens need.

Launch to first rows has a 1.5 s budget (issue 2); pandas, numpy, scipy, pyqtgraph, openpyxl and Qt's print
support each cost a noticeable share of it, so screens that need them import them when first shown. The other
screens (Today, Feedback, Campaigns, Settings, ...) are built, their modules imported, when first shown too.
"""

import subprocess
import sys

HEAVY = ("pandas", "numpy", "scipy", "pyqtgraph", "openpyxl", "rapidfuzz", "python_calamine",
         "PySide6.QtPrintSupport", "PySide6.QtCharts",
         *(f"crmdesk.ui.{name}_screen" for name in ("service.today", "service.birthdays", "service.feedback",
                                                     "campaigns.campaigns", "admin.staff", "admin.duplicates",
                                                     "admin.privacy", "admin.settings", "dashboard.dashboard",
                                                     "reports.reports")))

PROBE = """
import os, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from crmdesk.ui.app.application import make_app, Controller
from crmdesk.store import open_store
app = make_app()
controller = Controller(app, open_store(sys.argv[1]), "ko")
controller.window.show()
app.processEvents()
assert controller.window.customers.model.rowCount() >= 0
heavy = sys.argv[2].split(",")
QT_MODULES = ("crmdesk.ui", "crmdesk.reports.qtfonts")  # Qt themselves: loaded with or after PySide6
print(",".join(m for m in heavy if m in sys.modules))
order = list(sys.modules)  # in the order the imports began
late = [m for m in order[order.index("PySide6"):]
        if m.startswith(("crmdesk.", "sqlalchemy", "sqlmodel", "pydantic")) and not m.startswith(QT_MODULES)]
print(",".join(late))
"""


def test_first_screen_loads_no_heavy_modules(db_path, tmp_path):
    env_probe = [sys.executable, "-c", PROBE, str(db_path), ",".join(HEAVY)]
    result = subprocess.run(env_probe, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    heavy, late = result.stdout.splitlines()[-2:]
    assert heavy == "", f"imported at start-up: {heavy}"
    # Imported after PySide6, through its import hook, each is slower to load: crmdesk/ui/__init__.py
    # imports the store and services the first screen uses before Qt.
    assert late == "", f"imported after PySide6 (list them in crmdesk/ui/__init__.py): {late}"


FIRST_ROWS_PROBE = """
import sys
from crmdesk.ui.app.application import make_app, Controller
from crmdesk.store import open_store
app = make_app()
window = Controller(app, open_store(sys.argv[1]), "ko").window
app.processEvents()
window.customers.table.viewport().repaint()  # the first rows are on screen
assert window.customers.model.rowCount() == 3
deferred = sys.argv[2].split(",")
print(",".join(m for m in deferred if m in sys.modules))
app.processEvents()  # the next turn of the event loop builds the card
print(window.customers._card is not None and window.customers.card.isVisible())
"""
# What the window loads just after its first rows are painted, with the customer card: the models alone take about
# 0.15 s to define, and the first rows are read with plain SQL (crmdesk/services/customer_rows.py).
AFTER_FIRST_ROWS = ("crmdesk.models", "crmdesk.services.customers", "crmdesk.services.auth",
                    "crmdesk.services.settings", "crmdesk.services.contacts", "crmdesk.ui.card.customer_card",
                    "crmdesk.ui.kit.staff_picker", "crmdesk.ui.customers.quick_add")


def test_the_first_rows_wait_for_neither_the_models_nor_the_card(sample, tmp_path):
    probe = [sys.executable, "-c", FIRST_ROWS_PROBE, str(sample.path), ",".join(AFTER_FIRST_ROWS)]
    result = subprocess.run(probe, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    loaded, card_shown = result.stdout.splitlines()[-2:]
    assert loaded == "", f"loaded before the first rows were painted: {loaded}"
    assert card_shown == "True"  # and the card is there a moment later
