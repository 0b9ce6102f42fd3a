"""One-command start for a fresh machine with only Python >= 3.11.

    python3 start.py          install crmdesk into .venv (first run only), load the demo café into an
                              empty database, and open the window; extra arguments go to crmdesk
    python3 start.py test     run the whole test suite headless, one worker per core; extra arguments go
                              to pytest (-n 0: in one process)
    python3 start.py bundle   build the application folder for shop PCs (PyInstaller) in dist/crmdesk: it runs
                              with no Python installed; on Windows, packaging/crmdesk.iss makes its installer
    python3 start.py install-menu [--bundle [DIR]]
                              Linux: put crmdesk in the desktop's application menu (and its icon) for this user,
                              starting this source install, or with --bundle the bundle in DIR (dist/crmdesk)

The virtual environment keeps crmdesk's libraries away from the system Python (which on many Linux
distributions refuses `pip install` outright) and is rebuilt only when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
MARKER = VENV / ".crmdesk-installed"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def pip_install(python: Path) -> list[str]:
    """pip install as the first run uses it: --quiet keeps the libraries' build chatter off the screen; pip's own
    errors still show, and a failed step stops there with them."""
    return [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input"]


def install_env() -> dict[str, str]:
    """The environment of the install's steps. setuptools' build backend prints its warnings past --quiet (a
    nine-line box about editable installs), so warnings are off while installing; pip's errors are not warnings
    and still show."""
    own = os.environ.get("PYTHONWARNINGS")
    return {**os.environ, "PYTHONWARNINGS": f"{own},ignore::UserWarning" if own else "ignore::UserWarning"}


def ensure_installed() -> Path:
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    python = venv_python()
    if python.exists() and MARKER.exists() and MARKER.read_text().strip() == wanted:
        return python
    if sys.version_info < (3, 11):  # noqa: UP036 - start.py may be run by an older python3
        sys.exit(f"crmdesk needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not python.exists():
        print("Creating the virtual environment in .venv ...", flush=True)
        create_venv()
    print("Installing crmdesk and its libraries (first run only; a minute or two):", flush=True)
    pip = pip_install(python)
    steps = [
        ("pip", [*pip, "--upgrade", "pip"]),
        ("crmdesk, PySide6 (Qt), pandas and the other libraries", [*pip, "-e", f"{ROOT}[test]"]),
        # Our own sources are installed in place, so pip does not compile them: do it once here, or
        # every start pays for compiling (PYTHONDONTWRITEBYTECODE machines never write .pyc files).
        ("compiling crmdesk", [str(python), "-m", "compileall", "-q", str(ROOT / "crmdesk")]),
    ]
    for number, (what, step) in enumerate(steps, 1):
        print(f"  [{number}/{len(steps)}] {what} ...", flush=True)
        if subprocess.call(step, cwd=ROOT, env=install_env()) != 0:
            sys.exit("Installing crmdesk failed (see the messages above); nothing was started.")
    print("  Installed.", flush=True)
    MARKER.write_text(wanted)
    return python


# Debian and Ubuntu ship venv's ensurepip apart from Python; Fedora and Arch ship it with Python itself.
VENV_PACKAGES = (("Debian, Ubuntu", "sudo apt install python3-venv"),
                 ("Fedora", "sudo dnf install python3 python3-pip"),
                 ("Arch", "sudo pacman -S python python-pip"))


def venv_help() -> str:
    """What to install when Python cannot make a virtual environment with pip, for the system at hand first."""
    found = [(name, command) for name, command in VENV_PACKAGES if shutil.which(command.split()[1])]
    lines = [f"  {name}: {command}" for name, command in (found or list(VENV_PACKAGES))]
    return ("crmdesk could not create its virtual environment: this Python cannot install pip into one (its\n"
            "ensurepip module is missing). Install it, then run python3 start.py again:\n" + "\n".join(lines))


def create_venv() -> None:
    """The .venv with pip, or a message saying which package to install (never a traceback); a half-made .venv
    (Python without pip) is removed, so the next run starts again instead of failing at pip."""
    try:
        if importlib.util.find_spec("ensurepip") is None:
            raise RuntimeError("no ensurepip")
        venv.EnvBuilder(with_pip=True).create(VENV)
    except (subprocess.CalledProcessError, OSError, RuntimeError, SystemExit) as exc:  # ensurepip failed, ...
        # (Debian's patched venv exits itself after printing its own hint)
        shutil.rmtree(VENV, ignore_errors=True)
        sys.exit(f"{venv_help()}\n({type(exc).__name__}: {exc})")


def install_menu(argv: list[str]) -> int:
    """``install-menu [--bundle [DIR]]``: the menu entry runs this start.py with this python3 (the source
    install), or the bundle's crmdesk-window."""
    sys.path.insert(0, str(ROOT / "tools"))
    import menu_entry

    if argv[:1] == ["--bundle"]:
        bundle = Path(argv[1]).resolve() if len(argv) > 1 else ROOT / "dist" / "crmdesk"
        command = [str(bundle / "crmdesk-window")]
    elif argv:
        print("usage: python3 start.py install-menu [--bundle [DIR]]", file=sys.stderr)
        return 2
    else:
        # The interpreter by the name it was started as (/usr/bin/python3), not where that link points today
        # (python3.11): an upgrade of the system's Python must not break the menu entry.
        command = [os.path.abspath(sys.executable), str(ROOT / "start.py")]
    try:
        entry = menu_entry.install(command)
    except OSError as exc:
        print(f"The menu entry was not installed: {exc}", file=sys.stderr)
        return 1
    print(f"Menu entry: {entry}\nIt starts: {command[0]}")
    return 0


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
    if argv[:1] == ["install-menu"]:
        return install_menu(argv[1:])
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
