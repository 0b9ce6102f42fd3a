"""Screenshots of the main screens for docs/: both languages, light and dark, and at high DPI.

    CRMDESK_COLOR_SCHEME=dark QT_SCALE_FACTOR=1.5 QT_QPA_PLATFORM=offscreen \\
        python tools/screenshots.py --db demo.sqlite3 --lang ko --out docs/screens/dark-ko

Opens the window on a database (fill one first: `crmdesk --db demo.sqlite3 demo`), shows the customer list with
the first customer's card, the dashboard and the reports screen, and saves each as PNG (at the device pixel
ratio QT_SCALE_FACTOR gives, so 150 % and 200 % show what a high-DPI screen shows).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def settle(app, seconds: float = 0.6) -> None:
    """Let the screen's background jobs finish and their results arrive before the picture is taken."""
    from PySide6.QtCore import QThreadPool

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QThreadPool.globalInstance().waitForDone(20_000)
        app.processEvents()
        time.sleep(0.02)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--lang", choices=["ko", "en"], default="ko")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--screens", default="customers,dashboard")
    args = parser.parse_args(argv)
    from crmdesk.store.opening import open_store
    from crmdesk.ui.app.application import make_app
    from crmdesk.ui.app.main_window import MainWindow
    from crmdesk.ui.kit import i18n

    app = make_app()
    i18n.install_language(app, args.lang)
    store = open_store(args.db)
    window = MainWindow(store)
    window.resize(1280, 780)
    window.show()
    settle(app)
    args.out.mkdir(parents=True, exist_ok=True)
    for name in args.screens.split(","):
        window.nav.setCurrentRow(window.screen_row(name))
        if name == "customers":
            window.customers.select_row(0)
        settle(app, 4.0 if name == "dashboard" else 0.8)
        window.grab().save(str(args.out / f"{name}.png"))
    print(f"saved to {args.out}")
    window.close()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
