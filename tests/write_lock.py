"""Another process holding an SQLite database's write lock, as an import does from its start, for the tests of
what waits for it and what refuses: held for ``seconds``, or with ``until_released`` at least that long and then
until the test lets go (``release`` closes its standard input)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HOLD = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE setting SET value = value WHERE key = 'shop_name'")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
sys.stdin.read()
conn.execute("COMMIT")
"""


def hold_write_lock(db: Path | str, seconds: float, *, until_released: bool = False) -> subprocess.Popen:
    """The lock is held when this returns."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db), str(seconds)],
                              stdin=subprocess.PIPE if until_released else subprocess.DEVNULL,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


def release(holder: subprocess.Popen) -> None:
    """Lets go (once its ``seconds`` are over: waits for them)."""
    holder.communicate(timeout=60)
