"""Builds crmdesk's folder bundle with PyInstaller: dist/crmdesk/ holds crmdesk (command line and window),
crmdesk-window (the window, no console on Windows), the Nanum Gothic font, the Korean translations and the icon.

    python tools/bundle.py [--dist DIR] [--work DIR]

On Windows, packaging/crmdesk.iss then makes an installer of that folder (Inno Setup: `iscc packaging\\crmdesk.iss`);
on Linux, resources/crmdesk.desktop is the menu entry (copied into the bundle; `python3 start.py install-menu
--bundle` installs it for the user with an absolute Exec=).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(dist: Path, work: Path) -> Path:
    import PyInstaller.__main__

    started = time.monotonic()
    PyInstaller.__main__.run([str(ROOT / "packaging" / "crmdesk.spec"), "--noconfirm", "--clean",
                              "--log-level", "WARN", "--distpath", str(dist), "--workpath", str(work)])
    bundle = dist / "crmdesk"
    if sys.platform.startswith("linux"):
        shutil.copy2(ROOT / "resources" / "crmdesk.desktop", bundle / "crmdesk.desktop")
    print(f"Bundle built in {time.monotonic() - started:.0f} s: {bundle}")
    return bundle


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Build crmdesk's PyInstaller folder bundle.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    args = parser.parse_args(argv)
    build(args.dist.resolve(), args.work.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
