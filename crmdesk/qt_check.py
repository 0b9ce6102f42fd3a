"""Before the window opens on Linux: can Qt's xcb platform plugin load? If not, which system library is missing.

Without this a fresh desktop only shows Qt's generic "no Qt platform plugin could be initialized" and the user
is left guessing that ``libxcb-icccm4`` (or ``libxcb-keysyms1``, ``libxcb-cursor0``, ...) is missing. The check
asks the system's dynamic loader (``ldd``, part of every glibc) which libraries of the plugin it cannot find,
names them and prints the one command that installs them with apt, dnf or pacman. It imports no Qt (it runs
before Qt is loaded, and the command line never loads Qt) and fails open: when it cannot tell, Qt's own
message still appears.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

# The libraries Qt's xcb plugin (libqxcb.so and libQt6XcbQpa) loads, with the package holding each on
# Debian/Ubuntu (apt), Fedora (dnf) and Arch (pacman). From `ldd` of PySide6 6.6-6.11's platform plugin.
PACKAGES: dict[str, tuple[str, str, str]] = {
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms", "xcb-util-keysyms"),
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor", "xcb-util-cursor"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image", "xcb-util-image"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util", "xcb-util"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil", "xcb-util-renderutil"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon", "libxkbcommon"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb", "libx11"),
    "libX11.so.6": ("libx11-6", "libX11", "libx11"),
    "libGL.so.1": ("libgl1", "libglvnd-glx", "libglvnd"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl", "libglvnd"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl", "libglvnd"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype", "freetype2"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2", "glib2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs", "dbus"),
}
MANAGERS = (("Debian, Ubuntu", "sudo apt install"), ("Fedora", "sudo dnf install"), ("Arch", "sudo pacman -S"))

_MESSAGE = {
    "en": ("crmdesk cannot open its window: Qt's display plugin (xcb) needs {libraries}, which this computer does "
           "not have.\nInstall what is missing with the command for your system, then start crmdesk again:"),
    "ko": ("crmdesk 창을 열 수 없습니다: Qt 화면 플러그인(xcb)에 필요한 {libraries}이(가) 이 컴퓨터에 "
           "없습니다.\n사용하는 시스템에 맞는 명령으로 설치한 뒤 crmdesk를 다시 시작하세요:"),
}
_UNKNOWN = {"en": "no known package: install the one that provides {library}",
            "ko": "알려진 패키지 없음: {library}를 제공하는 패키지를 설치하세요"}


def uses_xcb(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    """True when Qt will use its xcb plugin: Linux (or another X11 Unix), no other platform chosen, not Wayland."""
    if platform in ("win32", "darwin", "cygwin"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen == "xcb"
    return not environ.get("WAYLAND_DISPLAY")  # a Wayland session tries Qt's wayland plugin first


def xcb_plugin() -> Path | None:
    """Qt's xcb plugin inside the installed PySide6 (or the bundle), found without importing PySide6."""
    spec = importlib.util.find_spec("PySide6")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        plugin = Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.exists():
            return plugin
    return None


def missing_libraries(plugin: Path, ldd: str | None = None) -> list[str]:
    """The libraries the dynamic loader cannot find for ``plugin`` (``ldd``'s "not found"), in its order."""
    ldd = ldd or shutil.which("ldd")
    if not ldd:
        return []
    try:
        result = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    missing: list[str] = []
    for line in result.stdout.splitlines():
        name, _, where = line.strip().partition("=>")
        if where.strip() == "not found" and name.strip() not in missing:
            missing.append(name.strip())
    return missing


def advice(missing: list[str], lang: str = "en") -> str:
    """What to tell the user: the missing libraries and one install command per package manager."""
    lang = lang if lang in ("en", "ko") else "en"
    lines = [_MESSAGE[lang].format(libraries=", ".join(missing))]
    known = [PACKAGES[name] for name in missing if name in PACKAGES]
    for column, (distributions, command) in enumerate(MANAGERS):
        packages = list(dict.fromkeys(entry[column] for entry in known))
        if packages:
            lines.append(f"  {distributions}: {command} {' '.join(packages)}")
    lines.extend(f"  {name}: {_UNKNOWN[lang].format(library=name)}" for name in missing if name not in PACKAGES)
    return "\n".join(lines)


def language(choice: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """--lang, else the system's language as the environment names it (Qt is not loaded yet)."""
    if choice in ("ko", "en"):
        return choice
    for key in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        if environ.get(key):
            return "ko" if environ[key].lower().startswith("ko") else "en"
    return "en"


def check_window_can_open(lang: str | None = None) -> str | None:
    """None when the window can try to open; else the message naming what to install."""
    if not uses_xcb():
        return None
    plugin = xcb_plugin()
    if plugin is None:
        return None
    missing = missing_libraries(plugin)
    return advice(missing, language(lang)) if missing else None


def main(argv: list[str]) -> int:
    """``python -m crmdesk.qt_check [--lang ko|en]``: start.py's check before it fills the demo café."""
    lang = argv[argv.index("--lang") + 1] if "--lang" in argv[:-1] else None
    message = check_window_can_open(lang)
    if message:
        print(message, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
