"""start.py on a fresh machine: a Python without ensurepip gets the command that installs it, and
`start.py install-menu` puts crmdesk in the desktop's menu with a command that exists and an icon it finds."""

from __future__ import annotations

import configparser
import importlib.util
import os
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def start(monkeypatch, tmp_path):
    """start.py as a module, its .venv moved into tmp_path (a failing test must never touch a real .venv)."""
    spec = importlib.util.spec_from_file_location("start_under_test", ROOT / "start.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "VENV", tmp_path / ".venv")
    monkeypatch.setattr(module, "MARKER", tmp_path / ".venv" / ".crmdesk-installed")
    return module


def test_a_python_without_ensurepip_gets_the_package_to_install_not_a_traceback(start, monkeypatch, tmp_path):
    import venv

    def create(self, env_dir):  # what Debian's python3 without python3-venv does: the folder, then no pip
        (Path(env_dir) / "bin").mkdir(parents=True)
        (Path(env_dir) / "bin" / "python").write_text("")
        raise subprocess.CalledProcessError(1, ["python", "-m", "ensurepip", "--upgrade", "--default-pip"])

    monkeypatch.setattr(venv.EnvBuilder, "create", create)
    monkeypatch.setattr(start.shutil, "which", lambda name: "/usr/bin/apt" if name == "apt" else None)
    with pytest.raises(SystemExit) as exited:
        start.ensure_installed()
    message = str(exited.value.code)
    assert "sudo apt install python3-venv" in message and "ensurepip" in message
    assert "dnf" not in message  # the one command for this system
    assert "Traceback" not in message
    assert not (tmp_path / ".venv").exists()  # half-made: removed, so the next run starts again


def test_without_a_known_package_manager_every_command_is_listed(start, monkeypatch):
    monkeypatch.setattr(start.importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(start.shutil, "which", lambda name: None)
    with pytest.raises(SystemExit) as exited:
        start.create_venv()
    message = str(exited.value.code)
    assert "apt install python3-venv" in message and "dnf install" in message and "pacman -S" in message


def _install_menu(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "data")}
    return subprocess.run([sys.executable, str(ROOT / "start.py"), "install-menu", *args], capture_output=True,
                          text=True, env=env, timeout=120, check=False)


def _entry(tmp_path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive (Name[ko])
    parser.read(tmp_path / "data" / "applications" / "crmdesk.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def _icon_found(tmp_path: Path, name: str) -> bool:
    return any((tmp_path / "data" / "icons" / "hicolor").glob(f"*/apps/{name}.png"))


def test_install_menu_writes_an_entry_that_starts_this_install_and_finds_its_icon(tmp_path):
    done = _install_menu(tmp_path)
    assert done.returncode == 0, done.stderr
    entry = _entry(tmp_path)
    words = shlex.split(entry["Exec"])
    program = Path(words[0])
    assert program.is_absolute() and program.is_file() and os.access(program, os.X_OK)
    assert words[1:] == [str(ROOT / "start.py")]
    assert _icon_found(tmp_path, entry["Icon"])
    assert (tmp_path / "data" / "icons" / "hicolor" / "256x256" / "apps" / "crmdesk.png").is_file()
    assert entry["Name[ko]"] and entry["Type"] == "Application"
    assert not (tmp_path / "home" / ".local").exists()  # XDG_DATA_HOME respected


def test_install_menu_for_a_bundle_in_a_folder_with_a_space(tmp_path):
    bundle = tmp_path / "my apps" / "crmdesk"
    bundle.mkdir(parents=True)
    window = bundle / "crmdesk-window"
    window.write_text("#!/bin/sh\n")
    window.chmod(window.stat().st_mode | stat.S_IXUSR)
    done = _install_menu(tmp_path, "--bundle", str(bundle))
    assert done.returncode == 0, done.stderr
    assert shlex.split(_entry(tmp_path)["Exec"]) == [str(window)]
    missing = _install_menu(tmp_path, "--bundle", str(tmp_path / "nowhere"))
    assert missing.returncode == 1 and "missing" in missing.stderr and "Traceback" not in missing.stderr


@pytest.mark.slow
def test_installing_crmdesk_prints_no_build_warnings(start, tmp_path):
    """The first run's install step, as start.py runs it, on a fresh virtual environment with an up-to-date pip
    (the libraries are left out: crmdesk's own build is what printed setuptools' warning box)."""
    import venv

    venv.EnvBuilder(with_pip=True).create(tmp_path / "venv")
    python = tmp_path / "venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    upgrade = subprocess.run([*start.pip_install(python), "--upgrade", "pip"], capture_output=True, text=True,
                             env=start.install_env(), timeout=110)
    assert upgrade.returncode == 0, upgrade.stderr
    build = subprocess.run([*start.pip_install(python), "--no-deps", "-e", str(ROOT)], capture_output=True,
                           text=True, cwd=ROOT, env=start.install_env(), timeout=110)
    assert build.returncode == 0, build.stderr
    said = [line for line in (build.stdout + build.stderr).splitlines()
            if not line.startswith("WARNING: Location")]  # this machine's pip.conf names missing find-links
    assert not any("Warning" in line or "!!" in line for line in said), "\n".join(said)


def test_the_menu_entry_names_python_as_it_was_started_not_where_the_link_points(tmp_path):
    """python3 is a link to python3.11 on most systems: the entry keeps the link, so a Python upgrade that removes
    python3.11 leaves it working."""
    link = tmp_path / "bin" / "python3"
    link.parent.mkdir()
    link.symlink_to(Path(sys.executable).resolve())
    env = {**os.environ, "HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "data")}
    done = subprocess.run([str(link), str(ROOT / "start.py"), "install-menu"], capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert shlex.split(_entry(tmp_path)["Exec"])[0] == str(link)
