"""The application folder for shop PCs (PyInstaller, `python3 start.py bundle`): built once here, then used as a
shop PC would, without the source tree's Python: `crmdesk info`, a demo database, and the window, offscreen.

Building takes about 3 minutes of CPU (the analysis of PySide6, pandas, scipy and their libraries); the whole
module took 19 minutes of wall time on a two-core machine shared with six other test runs (2 min 51 s of CPU)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800), pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the Linux bundle; Windows builds its own with the same spec")]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "bundle.py"), "--dist", str(out / "dist"),
                             "--work", str(out / "work")], capture_output=True, text=True, timeout=1700,
                            check=False, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / "dist" / "crmdesk"


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A user with nothing installed: own data and settings folders, no Python paths leaking into the bundle."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "CRMDESK_"))}
    env.update(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               QT_QPA_PLATFORM="offscreen", **extra)
    return env


def _run(program: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(program), *args], capture_output=True, text=True, timeout=300, env=env, check=False)


def test_the_bundle_holds_the_programs_font_translations_icon_and_menu_entry(bundle: Path) -> None:
    assert (bundle / "crmdesk").is_file() and os.access(bundle / "crmdesk", os.X_OK)
    assert (bundle / "crmdesk-window").is_file()
    inside = bundle / "_internal"
    assert (inside / "resources" / "fonts" / "NanumGothic.ttf").is_file()
    assert (inside / "resources" / "translations" / "crmdesk_ko.qm").is_file()
    assert (inside / "resources" / "icons" / "crmdesk-256.png").is_file()
    assert (inside / "crmdesk" / "store" / "migrations" / "versions").is_dir()
    entry = (bundle / "crmdesk.desktop").read_text(encoding="utf-8")
    assert "Exec=crmdesk-window" in entry and "Icon=crmdesk" in entry and "Name[ko]=" in entry
    assert not list(inside.glob("pytest*")) and not (inside / "mypy").exists()  # no test tools shipped


def test_crmdesk_info_runs_from_the_bundle_with_data_where_the_readme_says(bundle: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    missing = _run(bundle / "crmdesk", "info", env=env)
    # The same default database as the source install: the user data folder (platformdirs).
    expected = tmp_path / "data" / "crmdesk" / "crmdesk.sqlite3"
    assert missing.returncode != 0 and str(expected) in missing.stdout + missing.stderr
    source = subprocess.run([sys.executable, "-m", "crmdesk.app", "info"], capture_output=True, text=True,
                            env={**env, "PYTHONPATH": str(ROOT)}, timeout=120, check=False)
    assert (source.stdout + source.stderr).strip() == (missing.stdout + missing.stderr).strip()
    demo = _run(bundle / "crmdesk", "demo", "--customers", "40", env=env)
    assert demo.returncode == 0, demo.stderr
    info = _run(bundle / "crmdesk", "info", env=env)
    assert info.returncode == 0, info.stderr
    assert f"Database: {expected}" in info.stdout and "Customers: 40" in info.stdout
    korean = _run(bundle / "crmdesk", "--lang", "ko", "backup", env=env)
    assert korean.returncode == 0, korean.stderr
    assert list((tmp_path / "data" / "crmdesk" / "backups").glob("crmdesk-*.sqlite3"))  # backups beside it


def test_the_window_opens_from_the_bundle_in_both_languages(bundle: Path, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    env = _env(tmp_path)
    assert _run(bundle / "crmdesk", "demo", "--customers", "40", env=env).returncode == 0
    pictures = {}
    for lang in ("en", "ko"):
        picture = tmp_path / f"window-{lang}.png"
        opened = _run(bundle / "crmdesk-window", "--lang", lang, env={**env, "CRMDESK_SNAPSHOT": str(picture)})
        assert opened.returncode == 0, opened.stderr
        image = QImage(str(picture))
        assert image.width() >= 1000 and image.height() >= 600
        pictures[lang] = image
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
        assert len(colours) > 40  # a drawn window (the list, the card, text), not a blank surface
    assert pictures["en"] != pictures["ko"]  # the Korean catalogue is in the bundle and loaded


def test_install_menu_points_the_menu_entry_at_the_bundle(bundle: Path, tmp_path: Path) -> None:
    env = {**_env(tmp_path), "PATH": os.environ.get("PATH", "")}
    done = subprocess.run([sys.executable, str(ROOT / "start.py"), "install-menu", "--bundle", str(bundle)],
                          capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    entry = (tmp_path / "data" / "applications" / "crmdesk.desktop").read_text(encoding="utf-8")
    assert f"Exec={bundle / 'crmdesk-window'}\n" in entry and "Icon=crmdesk" in entry
    assert (tmp_path / "data" / "icons" / "hicolor" / "256x256" / "apps" / "crmdesk.png").is_file()
