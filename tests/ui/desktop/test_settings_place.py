"""The window's settings (language, the counter's staff member, the last contact channel: QSettings of
organisation and application "crmdesk") land where the README says: on Linux $XDG_CONFIG_HOME/crmdesk/crmdesk.conf.
In a fresh process: Qt reads XDG_CONFIG_HOME once, at the first QSettings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

SAVE = """
from PySide6.QtCore import QSettings
from crmdesk.ui.app.application import make_app
from crmdesk.ui.kit import staff_picker
make_app()
staff_picker.set_counter_staff_id(7)
QSettings().sync()
print(QSettings().fileName())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux place (macOS: a plist, Windows: registry)")
def test_a_setting_the_window_saves_lands_under_xdg_config_home(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRMDESK_")}
    env.update(HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "config"), QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", SAVE], capture_output=True, text=True, env=env, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    settings = tmp_path / "config" / "crmdesk" / "crmdesk.conf"
    assert done.stdout.strip() == str(settings)
    assert "staff_id=7" in settings.read_text(encoding="utf-8")
    assert not (tmp_path / "home" / ".config").exists()
