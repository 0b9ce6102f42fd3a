"""One-command start for a fresh machine with only Python >= 3.11.

    python3 start.py          install crmdesk into .venv (first run only), load the demo café into an
                              empty database, and open the window; extra arguments go to crmdesk
    python3 start.py test     run the whole test suite headless, one worker per core; extra arguments go
                              to pytest (-n 0: in one process)
    python3 start.py bundle   build the application folder for shop PCs (PyInstaller) in dist/crmdesk: it runs
                              with no Python installed; on Windows, packaging/crmdesk.iss makes its installer

The virtual environment keeps crmdesk's libraries away from the system Python (which on many Linux
distributions refuses `pip install` outright) and is rebuilt only when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
MARKER = VENV / ".crmdesk-installed"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_installed() -> Path:
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    python = venv_python()
    if python.exists() and MARKER.exists() and MARKER.read_text().strip() == wanted:
        return python
    if sys.version_info < (3, 11):  # noqa: UP036 - start.py may be run by an older python3
        sys.exit(f"crmdesk needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not python.exists():
        print("Creating the virtual environment in .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing crmdesk and its libraries (first run only; a minute or two):", flush=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input"]
    # --quiet keeps the libraries' build chatter off the screen; pip's own errors still show, and a failed step
    # stops here with them.
    steps = [
        ("pip", [*pip, "--upgrade", "pip"]),
        ("crmdesk, PySide6 (Qt), pandas and the other libraries", [*pip, "-e", f"{ROOT}[test]"]),
        # Our own sources are installed in place, so pip does not compile them: do it once here, or
        # every start pays for compiling (PYTHONDONTWRITEBYTECODE machines never write .pyc files).
        ("compiling crmdesk", [str(python), "-m", "compileall", "-q", str(ROOT / "crmdesk")]),
    ]
    for number, (what, step) in enumerate(steps, 1):
        print(f"  [{number}/{len(steps)}] {what} ...", flush=True)
        if subprocess.call(step, cwd=ROOT) != 0:
            sys.exit("Installing crmdesk failed (see the messages above); nothing was started.")
    print("  Installed.", flush=True)
    MARKER.write_text(wanted)
    return python


def db_option(argv: list[str]) -> list[str]:
    for i, arg in enumerate(argv):
        if arg == "--db" and i + 1 < len(argv):
            return argv[i:i + 2]
        if arg.startswith("--db="):
            return [arg]
    return []


def lang_option(argv: list[str]) -> list[str]:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i:i + 2]
        if arg.startswith("--lang="):
            return ["--lang", arg.partition("=")[2]]
    return []


def opens_window(argv: list[str]) -> bool:
    """True unless a sub-command (a word not following an option that takes a value) is given."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--db", "--lang"):
            skip = True
        elif arg in ("-h", "--help", "--version") or not arg.startswith("-"):
            return False
    return True


def main(argv: list[str]) -> int:
    python = ensure_installed()
    if argv[:1] == ["bundle"]:
        return subprocess.call([str(python), str(ROOT / "tools" / "bundle.py"), *argv[1:]], cwd=ROOT)
    if argv[:1] == ["test"]:
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
        args = argv[1:]
        if (os.cpu_count() or 1) > 1 and not any(a == "-n" or a.startswith(("-n", "--numprocesses")) for a in args):
            args = ["-n", "auto", *args]  # one worker per core (pytest-xdist); -n 0 runs in this process
        return subprocess.call([str(python), "-m", "pytest", *args], cwd=ROOT, env=env)
    if opens_window(argv) and subprocess.call([str(python), "-m", "crmdesk.qt_check", *lang_option(argv)]) != 0:
        return 1  # a system library the window needs is missing: it said which and how to install it
    if opens_window(argv) and not db_option(argv) and not os.environ.get("CRMDESK_DB"):
        # Something to explore on the default database; --if-empty never touches a shop's real data,
        # and a database named with --db or CRMDESK_DB (a new shop) is never filled with demo customers.
        demo = subprocess.call([str(python), "-m", "crmdesk.app", "demo", "--if-empty"])
        if demo != 0:
            return demo
    # No cwd: relative --db and export paths mean the folder the user is in.
    return subprocess.call([str(python), "-m", "crmdesk.app", *argv])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
