"""Before the window opens: a missing system library of Qt's xcb plugin is named, with the install command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from crmdesk import app, qt_check


def _plugin_missing_a_library(tmp_path: Path) -> Path:
    """A real shared object that needs libxcb-icccm.so.4 from a folder that is then emptied: what the dynamic
    loader sees on a fresh desktop without the package libxcb-icccm4."""
    gcc = shutil.which("gcc") or shutil.which("cc")
    if gcc is None:
        pytest.skip("no C compiler to build a plugin needing a missing library")
    lib = tmp_path / "lib"
    lib.mkdir()
    (tmp_path / "a.c").write_text("int crmdesk_stub(void) { return 1; }\n")
    (tmp_path / "p.c").write_text("int crmdesk_stub(void); int plugin(void) { return crmdesk_stub(); }\n")
    subprocess.run([gcc, "-shared", "-fPIC", "-Wl,-soname,libxcb-icccm.so.4", "-o", lib / "libxcb-icccm.so.4",
                    tmp_path / "a.c"], check=True)
    plugin = tmp_path / "libqxcb.so"
    subprocess.run([gcc, "-shared", "-fPIC", "-o", plugin, tmp_path / "p.c", lib / "libxcb-icccm.so.4"],
                   check=True)
    (lib / "libxcb-icccm.so.4").unlink()
    return plugin


def test_a_missing_library_is_named_with_the_command_that_installs_it(tmp_path: Path) -> None:
    if shutil.which("ldd") is None:
        pytest.skip("no ldd (not a glibc system)")
    plugin = _plugin_missing_a_library(tmp_path)
    missing = qt_check.missing_libraries(plugin)
    assert missing == ["libxcb-icccm.so.4"]
    text = qt_check.advice(missing, "en")
    assert "libxcb-icccm.so.4" in text
    assert "sudo apt install libxcb-icccm4" in text
    assert "sudo dnf install xcb-util-wm" in text
    assert "sudo pacman -S xcb-util-wm" in text
    korean = qt_check.advice(missing, "ko")
    assert "창을 열 수 없습니다" in korean and "sudo apt install libxcb-icccm4" in korean


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's xcb plugin is Linux's")
def test_the_real_plugin_loads_here_or_is_named() -> None:
    """On this machine: either the installed plugin finds everything, or what it lacks is in the table."""
    plugin = qt_check.xcb_plugin()
    assert plugin is not None and plugin.name == "libqxcb.so"
    for name in qt_check.missing_libraries(plugin):
        assert name in qt_check.PACKAGES, f"{name} has no package in qt_check.PACKAGES"


def test_several_missing_libraries_give_one_command_per_package_manager() -> None:
    text = qt_check.advice(["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-cursor.so.0", "libfoo.so.2"])
    lines = text.splitlines()
    assert "  Debian, Ubuntu: sudo apt install libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0" in lines
    assert "  Fedora: sudo dnf install xcb-util-wm xcb-util-keysyms xcb-util-cursor" in lines
    assert "  Arch: sudo pacman -S xcb-util-wm xcb-util-keysyms xcb-util-cursor" in lines
    assert any(line.startswith("  libfoo.so.2: no known package") for line in lines)


def test_only_the_xcb_platform_is_checked() -> None:
    assert qt_check.uses_xcb({}, "linux")
    assert qt_check.uses_xcb({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not qt_check.uses_xcb({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not qt_check.uses_xcb({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not qt_check.uses_xcb({}, "win32")


def test_the_language_follows_lang_then_the_environment() -> None:
    assert qt_check.language("ko", {"LANG": "en_US.UTF-8"}) == "ko"
    assert qt_check.language(None, {"LANG": "ko_KR.UTF-8"}) == "ko"
    assert qt_check.language(None, {"LC_ALL": "C", "LANG": "ko_KR.UTF-8"}) == "en"


def test_crmdesk_stops_before_qt_with_the_advice(tmp_path: Path) -> None:
    """`crmdesk` with the window's options: the check runs before Qt is imported, prints, exits 1."""
    plugin = _plugin_missing_a_library(tmp_path) if shutil.which("ldd") else None
    if plugin is None:
        pytest.skip("no ldd")
    code = (f"import sys; from pathlib import Path; from crmdesk import qt_check, app\n"
            f"qt_check.xcb_plugin = lambda: Path({str(plugin)!r})\n"
            f"rc = app.main(['--lang', 'en', '--db', {str(tmp_path / 'x.sqlite3')!r}])\n"
            f"assert 'PySide6' not in sys.modules\n"
            f"sys.exit(rc)\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    env.pop("WAYLAND_DISPLAY", None)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60,
                            check=False)
    assert result.returncode == 1, result.stderr
    assert "libxcb-icccm.so.4" in result.stderr
    assert "sudo apt install libxcb-icccm4" in result.stderr
    assert not (tmp_path / "x.sqlite3").exists()  # nothing was created for a window that cannot open
    assert app.window_args(["--lang", "en"]) is not None
