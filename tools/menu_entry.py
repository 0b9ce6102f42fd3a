"""The Linux menu entry and icon, installed for this user (`python3 start.py install-menu`).

Writes ``$XDG_DATA_HOME/applications/crmdesk.desktop`` (``~/.local/share`` when XDG_DATA_HOME is unset) from
resources/crmdesk.desktop with an absolute ``Exec=`` (a desktop's menu does not search the shell's PATH), and the
icons into ``$XDG_DATA_HOME/icons/hicolor/<size>/apps/crmdesk.png`` where ``Icon=crmdesk`` finds them. Standard
library only: start.py runs it with the system's python3 before anything is installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "resources" / "crmdesk.desktop"
ICONS = ROOT / "resources" / "icons"
_RESERVED = set(' \t\n"\'\\><~|&;$*?#()`')


def data_home() -> Path:
    """XDG_DATA_HOME when it is an absolute path (the spec ignores a relative one), else ~/.local/share."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if value and os.path.isabs(value) else Path.home() / ".local" / "share"


def exec_line(args: Sequence[str]) -> str:
    """The Exec= value for these arguments, quoted as the Desktop Entry spec asks (a path with a space)."""
    def quoted(arg: str) -> str:
        arg = arg.replace("%", "%%")
        if not any(c in _RESERVED for c in arg):
            return arg
        return '"' + re.sub(r'(["`$\\])', r"\\\1", arg) + '"'

    return " ".join(quoted(arg) for arg in args)


def install(command: Sequence[str], home: Path | None = None) -> Path:
    """Write the entry running ``command`` (its first word an absolute, existing program) and the icons; returns
    the .desktop file written."""
    program = Path(command[0])
    if not program.is_absolute() or not program.is_file():
        raise FileNotFoundError(f"the program the menu entry would start is missing: {program}")
    home = home or data_home()
    entry = TEMPLATE.read_text(encoding="utf-8")
    # The spec's backslash escapes apply again to a string value: a quoted path's \\ is written \\\\.
    entry = re.sub(r"^Exec=.*$", lambda _m: "Exec=" + exec_line(command).replace("\\", "\\\\"), entry,
                   flags=re.MULTILINE)
    entry = re.sub(r"^TryExec=.*\n", "", entry, flags=re.MULTILINE)
    applications = home / "applications"
    applications.mkdir(parents=True, exist_ok=True)
    target = applications / "crmdesk.desktop"
    target.write_text(entry, encoding="utf-8")
    for icon in sorted(ICONS.glob("crmdesk-*.png")):
        size = icon.stem.rsplit("-", 1)[1]
        folder = home / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(icon, folder / "crmdesk.png")
    for tool, args in (("update-desktop-database", [str(applications)]),
                       ("gtk-update-icon-cache", ["-q", "-t", str(home / "icons" / "hicolor")])):
        if shutil.which(tool):  # refreshes the menu at once where the desktop keeps caches; optional
            subprocess.run([tool, *args], capture_output=True, check=False, timeout=60)
    return target
