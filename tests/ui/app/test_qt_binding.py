"""The Qt binding must not lose references to Python's None.

PySide6 6.12.0 drops one reference to None on every QTableWidget.setItem and QListWidget.addItem call. On
Python 3.11, where None is an ordinary counted object, the interpreter aborts ("deallocating None") after a
few thousand such calls: the import wizard's list of rejected rows alone makes that many. pyproject.toml
keeps that release out; this test fails, with the reason, on any binding that brings the bug back.
"""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = r"""
import sys
from PySide6.QtWidgets import QApplication, QListWidget, QTableWidget, QTableWidgetItem
app = QApplication([])
table = QTableWidget(1000, 10)
listing = QListWidget()
before = sys.getrefcount(None)
for n in range(20_000):  # as many cells as a wizard's table of 2,000 rejected rows
    table.setItem(n % 1000, n // 1000 % 10, QTableWidgetItem("abc"))
    if n % 10 == 0:
        listing.addItem("abc")
del table, listing
print(sys.getrefcount(None) - before)
"""


def test_setitem_and_additem_keep_none_alive() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120)
    import PySide6

    assert run.returncode == 0, (
        f"PySide6 {PySide6.__version__} crashed after QTableWidget.setItem calls (exit {run.returncode}): "
        f"{run.stderr.strip()[-300:]}; keep this release out in pyproject.toml")
    change = int(run.stdout.strip().splitlines()[-1])
    if sys.version_info < (3, 12):  # from 3.12 None is immortal: its count is fixed and cannot fall
        assert change > -1000, f"PySide6 {PySide6.__version__} lost {-change} references to None"
