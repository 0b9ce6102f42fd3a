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
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADMIN = "crmdesk_admin"
APP_ROLE = "crmdesk_test"
GUARD_ROLE = "crmdesk_ledger"
TEMPLATE = "crmdesk_template"
FALLBACK_USER = "crmdesk-pg"
SEARCH_PATHS = ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin", "/opt/homebrew/bin", "/usr/local/bin",
                "/usr/bin")


def find_programs() -> Path:
    """The folder holding initdb and pg_ctl: PG_BIN, then PATH, then the usual install folders (newest first)."""
    import glob

    candidates: list[str] = []
    if os.environ.get("PG_BIN"):
        candidates.append(os.environ["PG_BIN"])
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(str(Path(on_path).parent))
    for pattern in SEARCH_PATHS:
        candidates.extend(sorted(glob.glob(pattern), reverse=True))
    for folder in candidates:
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    sys.exit("PostgreSQL's server programs (initdb, pg_ctl) were not found. On Debian or Ubuntu: "
             "apt-get install -y postgresql; or set PG_BIN to the folder that holds them.")


def server_user() -> pwd.struct_passwd | None:
    """The user the server runs as: None (this one) unless this is root, which PostgreSQL refuses."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", FALLBACK_USER):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", FALLBACK_USER],
                   check=True)
    return pwd.getpwnam(FALLBACK_USER)


def run_as(user: pwd.struct_passwd | None, args: list[str], **kwargs) -> subprocess.CompletedProcess:
    if user is None:
        return subprocess.run(args, check=True, **kwargs)
    return subprocess.run(args, check=True, user=user.pw_uid, group=user.pw_gid, extra_groups=[],
                          env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/tmp", "LC_ALL": "C.UTF-8"},
                          **kwargs)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def admin_connect(folder: Path, port: int, dbname: str = "postgres"):
    import psycopg

    return psycopg.connect(host=str(folder), port=port, user=ADMIN, dbname=dbname, autocommit=True)


def start(env_file: Path | None) -> dict[str, str]:
    bin_dir = find_programs()
    user = server_user()
    folder = Path(tempfile.mkdtemp(prefix="crmdesk-pg-"))
    if user is not None:
        os.chown(folder, user.pw_uid, user.pw_gid)
    try:
        return _start(bin_dir, user, folder, env_file)
    except BaseException:
        if (folder / "data" / "PG_VERSION").exists():  # a half-made server is stopped, not left running
            stop(folder)
        else:
            shutil.rmtree(folder, ignore_errors=True)
        raise


def _start(bin_dir: Path, user: pwd.struct_passwd | None, folder: Path, env_file: Path | None) -> dict[str, str]:
    data = folder / "data"
    port = free_port()
    run_as(user, [str(bin_dir / "initdb"), "-D", str(data), "-U", ADMIN, "-E", "UTF8", "--locale=C.UTF-8",
                  "--locale-provider=icu", "--icu-locale=ko-KR",
                  "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"], stdout=subprocess.DEVNULL)
    # Loopback only: the unix socket sits in the private temp folder, TCP listens on 127.0.0.1.
    (data / "pg_hba.conf").write_text(
        "local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n")
    options = (f"-c listen_addresses=127.0.0.1 -c port={port} -k {folder} -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c autovacuum=off -c max_connections=200")
    run_as(user, [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-o", options,
                  "-w", "-t", "60", "start"], stdout=subprocess.DEVNULL)
    password = secrets.token_urlsafe(18)
    with admin_connect(folder, port) as conn:
        conn.execute(f"CREATE ROLE {APP_ROLE} LOGIN CREATEDB NOSUPERUSER NOCREATEROLE PASSWORD '{password}'")
        conn.execute(f"CREATE ROLE {GUARD_ROLE} NOLOGIN")
        conn.execute(f"CREATE DATABASE {TEMPLATE} OWNER {APP_ROLE}")
    url = f"postgresql+psycopg://{APP_ROLE}:{password}@127.0.0.1:{port}/{TEMPLATE}"
    build_template(url, folder, port)
    env = {"CRMDESK_TEST_PG": url, "CRMDESK_TEST_PG_DIR": str(folder)}
    if env_file is not None:
        env_file.write_text("".join(f"{key}={value}\n" for key, value in env.items()))
    return env


def build_template(url: str, folder: Path, port: int) -> None:
    """Migrate the template as the login role (as crmdesk would), then hand the ledgers to the guard role."""
    sys.path.insert(0, str(ROOT))
    from crmdesk.store import open_store
    from crmdesk.store.postgres import guard_ledgers

    started = time.monotonic()
    open_store(url).close()
    with admin_connect(folder, port, TEMPLATE) as conn:
        guard_ledgers(conn, app_role=APP_ROLE, guard_role=GUARD_ROLE)
    with admin_connect(folder, port) as conn:
        conn.execute(f"ALTER DATABASE {TEMPLATE} IS_TEMPLATE true")
    print(f"pg_test_server: template migrated in {time.monotonic() - started:.1f} s", file=sys.stderr)


def stop(folder: Path) -> None:
    if not (folder / "data" / "PG_VERSION").exists():
        sys.exit(f"{folder} is not a cluster made by this script.")
    data = folder / "data"
    if (data / "postmaster.pid").exists():
        owner = folder.stat().st_uid
        user = pwd.getpwuid(owner) if os.geteuid() == 0 and owner != 0 else None
        run_as(user, [str(find_programs() / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
               stdout=subprocess.DEVNULL)
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
