"""A throwaway PostgreSQL server for the tests: a cluster in a temp folder, on a free loopback port.

    python tools/pg_test_server.py start [--env-file FILE]   prints (and writes to FILE) the variables below
    python tools/pg_test_server.py stop DIR                  stops the cluster in DIR and deletes DIR

``start`` runs initdb and pg_ctl as a user that is not root (the server refuses root; as root it uses the
``postgres`` system user, or creates ``crmdesk-pg``), listens on 127.0.0.1 only, keeps its socket in the temp
folder, and creates:

- ``crmdesk_test``: the login role the tests (and crmdesk) connect as; not a superuser, may create databases
  (each test gets its own, copied from the template), password authentication (scram-sha-256);
- ``crmdesk_ledger``: a role nobody logs in as, owning the audit log and the consent ledger, so that the login
  role cannot drop or disable their append-only triggers (crmdesk.store.postgres.guard_ledgers);
- ``crmdesk_template``: a database migrated to this crmdesk's newest schema, marked as a template.

Variables: CRMDESK_TEST_PG (the login role's URL of the template database: the tests copy it), CRMDESK_TEST_PG_DIR
(the folder to hand to ``stop``). Written as KEY=VALUE lines, so a shell can ``set -a; . FILE``.

The cluster trades durability for speed (fsync off): it is for tests only and deleted by ``stop``.
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crmdesk.errors import StoreError  # noqa: E402 - after the path above
from crmdesk.store import pg_server  # noqa: E402 - the shop's server and this one share initdb, roles, guard
from crmdesk.store.pg_server import ADMIN, GUARD_ROLE  # noqa: E402,F401 - the roles the tests know

APP_ROLE = "crmdesk_test"
TEMPLATE = "crmdesk_template"


def find_programs() -> Path:
    try:
        return pg_server.find_programs()
    except StoreError as exc:
        sys.exit(str(exc))


def admin_connect(folder: Path, port: int, dbname: str = "postgres"):
    return pg_server.admin_connect(folder, port, dbname)


def start(env_file: Path | None) -> dict[str, str]:
    bin_dir = find_programs()
    user = pg_server.server_user()
    folder = Path(tempfile.mkdtemp(prefix="crmdesk-pg-"))
    pg_server.give_to(user, folder)
    try:
        return _start(bin_dir, user, folder, env_file)
    except BaseException:
        if (folder / "data" / "PG_VERSION").exists():  # a half-made server is stopped, not left running
            stop(folder)
        else:
            shutil.rmtree(folder, ignore_errors=True)
        raise


def _start(bin_dir: Path, user, folder: Path, env_file: Path | None) -> dict[str, str]:
    data = folder / "data"
    port = pg_server.free_port()
    pg_server.initdb(bin_dir, user, data, fast=True)
    # Loopback only: the unix socket sits in the private temp folder, TCP listens on 127.0.0.1.
    (data / "pg_hba.conf").write_text(
        "local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n")
    options = (f"-c listen_addresses=127.0.0.1 -c port={port} -k {folder} -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c autovacuum=off -c max_connections=200")
    pg_server.pg_ctl_start(bin_dir, user, data, folder / "server.log", options)
    password = secrets.token_urlsafe(18)
    with admin_connect(folder, port) as conn:
        pg_server.create_roles(conn, app_role=APP_ROLE, password=password, database=TEMPLATE)
    url = f"postgresql+psycopg://{APP_ROLE}:{password}@127.0.0.1:{port}/{TEMPLATE}"
    build_template(url, folder, port)
    env = {"CRMDESK_TEST_PG": url, "CRMDESK_TEST_PG_DIR": str(folder)}
    if env_file is not None:
        env_file.write_text("".join(f"{key}={value}\n" for key, value in env.items()))
    return env


def build_template(url: str, folder: Path, port: int) -> None:
    """Migrate the template as the login role (as crmdesk would), then hand the ledgers to the guard role."""
    started = time.monotonic()
    pg_server.migrate_and_guard(url, folder, port, TEMPLATE, APP_ROLE)
    with admin_connect(folder, port) as conn:
        conn.execute(f"ALTER DATABASE {TEMPLATE} IS_TEMPLATE true")
    print(f"pg_test_server: template migrated in {time.monotonic() - started:.1f} s", file=sys.stderr)


def stop(folder: Path) -> None:
    if not (folder / "data" / "PG_VERSION").exists():
        sys.exit(f"{folder} is not a cluster made by this script.")
    data = folder / "data"
    if (data / "postmaster.pid").exists():
        pg_server.pg_ctl_stop(find_programs(), pg_server.folder_user(folder), data, "immediate")
    shutil.rmtree(folder)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    start_cmd = sub.add_parser("start")
    start_cmd.add_argument("--env-file", type=Path)
    stop_cmd = sub.add_parser("stop")
    stop_cmd.add_argument("dir", type=Path)
    args = parser.parse_args(argv)
    if args.command == "start":
        for key, value in start(args.env_file).items():
            print(f"{key}={value}")
    else:
        stop(args.dir)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
