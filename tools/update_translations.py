"""Update the Korean catalogue: lupdate crmdesk/ui/**/*.py -> crmdesk_ko.ts, then lrelease -> crmdesk_ko.qm.

    .venv/bin/python tools/update_translations.py           # update .ts (keeps translations), compile .qm
    .venv/bin/python tools/update_translations.py --check   # exit 1 if anything is unfinished or the .qm is stale
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "crmdesk" / "ui"
TS = ROOT / "resources" / "translations" / "crmdesk_ko.ts"
QM = TS.with_suffix(".qm")


def find_tool(name: str) -> str:
    """pyside6-<name> next to the interpreter, else PySide6's bundled binary, else on PATH."""
    bin_dir = Path(sys.executable).parent
    candidates = [bin_dir / f"pyside6-{name}", bin_dir / f"pyside6-{name}.exe"]
    try:
        import PySide6

        pkg = Path(PySide6.__file__).resolve().parent
        candidates += [pkg / name, pkg / f"{name}.exe", pkg / "Qt" / "libexec" / name]
    except ImportError:
        pass
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(f"pyside6-{name}") or shutil.which(name)
    if found:
        return found
    sys.exit(f"error: cannot find {name} (is PySide6 installed in {sys.prefix}?)")


def run(cmd: list[str]) -> None:
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        sys.exit(f"error: {Path(cmd[0]).name} failed with exit code {result.returncode}")


def count_messages(ts: Path) -> tuple[int, list[str]]:
    """(number of messages, 'context: source' of every unfinished one)."""
    root = ET.parse(ts).getroot()
    total, unfinished = 0, []
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") in ("obsolete", "vanished"):
                continue
            total += 1
            if translation is None or translation.get("type") == "unfinished":
                unfinished.append(f"{name}: {message.findtext('source', '')}")
    return total, unfinished


def check() -> int:
    if not TS.is_file():
        print(f"missing {TS}", file=sys.stderr)
        return 1
    total, unfinished = count_messages(TS)
    problems = [f"unfinished: {item}" for item in unfinished]
    if not QM.is_file():
        problems.append(f"missing {QM.name}")
    elif QM.stat().st_mtime < TS.stat().st_mtime:
        problems.append(f"{QM.name} is older than {TS.name}; run tools/update_translations.py")
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{total} messages, {len(unfinished)} unfinished")
    return 1 if problems else 0


def update() -> int:
    sources = sorted(str(p.relative_to(ROOT)) for p in UI_DIR.rglob("*.py"))
    if not sources:
        sys.exit(f"error: no Python files under {UI_DIR}")
    TS.parent.mkdir(parents=True, exist_ok=True)
    run([find_tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none",
         "-source-language", "en", "-target-language", "ko_KR", *sources, "-ts", str(TS)])
    run([find_tool("lrelease"), "-silent", str(TS), "-qm", str(QM)])
    if not QM.is_file():
        sys.exit(f"error: lrelease did not write {QM}")
    total, unfinished = count_messages(TS)
    print(f"{TS.relative_to(ROOT)}: {total} messages, {len(unfinished)} unfinished")
    for item in unfinished:
        print(f"  unfinished: {item}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="do not update; exit 1 if a message is unfinished or the .qm is older than the .ts")
    return check() if parser.parse_args().check else update()


if __name__ == "__main__":
    sys.exit(main())
