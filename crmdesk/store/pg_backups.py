"""Backup, restore and check of a database on a PostgreSQL server, with the server's own programs.

- backup: ``pg_dump`` in its custom format into this PC's backups folder for that server and database, written
  under a temporary name and kept only once ``pg_restore --list`` reads it back and finds the data of every
  crmdesk table; older automatic dumps beyond ``keep`` are removed.
- restore: ``pg_restore`` of a dump's rows into an EMPTY database at this crmdesk's schema (a new one from
  `crmdesk server init`, or an emptied one): the login role cannot empty a database itself (the audit log and
  consent ledger refuse deletes), and nothing existing is ever written over. One transaction: all or nothing.
- check: the server answers, the schema is this crmdesk's, and the audit log's checks (crmdesk.services' part).

The password goes to the programs in the environment (PGPASSWORD), never on their command line, which other users
of the PC can read.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from crmdesk.config import user_data_dir
from crmdesk.errors import ServerUnreachable, StoreError
from crmdesk.store.engine import mask_url
from crmdesk.store.pg_server import find_programs

CLIENT_PROGRAMS_MISSING = (
    "PostgreSQL's backup programs (pg_dump, pg_restore) were not found on this PC. Install them: on Debian or "
    "Ubuntu `sudo apt-get install postgresql-client`, on Fedora `sudo dnf install postgresql`, on macOS "
    "`brew install libpq`, on Windows the EDB installer (its command line tools); or set PG_BIN to their folder.")
CLIENT_PROGRAMS_MISSING_KO = (
    "이 PC에서 PostgreSQL 백업 프로그램(pg_dump, pg_restore)을 찾지 못했습니다. 설치하세요: Debian이나 Ubuntu는 "
    "`sudo apt-get install postgresql-client`, Fedora는 `sudo dnf install postgresql`, macOS는 "
    "`brew install libpq`, Windows는 EDB 설치 프로그램(명령줄 도구 포함). 또는 PG_BIN에 그 폴더를 지정하세요.")
SUFFIX = ".dump"
_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<db>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?\.dump$")


@dataclass(frozen=True)
class ServerBackup:
    path: Path
    created: datetime
    size: int


def client_programs() -> Path:
    try:
        return find_programs(("pg_dump", "pg_restore"))
    except StoreError:
        raise StoreError(CLIENT_PROGRAMS_MISSING,
                         ko=CLIENT_PROGRAMS_MISSING_KO) from None


def _environment(url: str) -> dict[str, str]:
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    return env


def _connection_args(url: str) -> list[str]:
    parsed = make_url(url)
    args = ["-h", parsed.host or "localhost", "-U", parsed.username or "", "-d", parsed.database or ""]
    return args + (["-p", str(parsed.port)] if parsed.port else [])


def backups_dir(url: str) -> Path:
    """This PC's folder for the backups of one server database (host, port and database in its name)."""
    parsed = make_url(url)
    name = f"{parsed.host or 'localhost'}-{parsed.port or 5432}-{parsed.database}"
    return user_data_dir() / "server-backups" / re.sub(r"[^A-Za-z0-9._-]", "_", name)


def _run(args: list[str], url: str) -> subprocess.CompletedProcess:
    done = subprocess.run(args, env=_environment(url), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["exit code " + str(done.returncode)])[0]
        raise StoreError(mask_url(f"{Path(args[0]).name} failed for {url}: {reason}"),
                         ko=mask_url(f"프로그램 {Path(args[0]).name}이(가) {url}에 대해 실패했습니다: {reason}"))
    return done


def verify(path: Path, url: str = "") -> None:
    """The dump reads back (pg_restore --list) and holds the data of every crmdesk table."""
    from crmdesk.store.moving import tables

    listing = _run([str(client_programs() / "pg_restore"), "--list", str(path)], url).stdout
    present = set(re.findall(r"TABLE DATA \S+ (\S+) ", listing))
    missing = [t.name for t in tables() if t.name not in present]
    if missing:
        raise StoreError(f"The backup {path} does not hold the tables {', '.join(missing)}: it is not kept.",
                         ko=f"백업 {path}에 테이블 {', '.join(missing)}이(가) 없어 보관하지 않습니다.")


def backup(url: str, dest: str | Path | None = None, *, keep: int = 10) -> Path:
    """A verified custom-format dump of the database at ``url``: at ``dest``, or in backups_dir(url)."""
    bin_dir = client_programs()
    folder = backups_dir(url) if dest is None else Path(dest).expanduser().resolve().parent
    folder.mkdir(parents=True, exist_ok=True)
    final = Path(dest).expanduser().resolve() if dest is not None else _new_name(folder, make_url(url).database)
    if final.exists():
        raise StoreError(f"{final} exists already: choose another name.",
                         ko=f"파일 {final}이(가) 이미 있습니다. 다른 이름을 고르세요.")
    handle, temporary = tempfile.mkstemp(prefix=".partial-", suffix=SUFFIX, dir=folder)
    os.close(handle)
    part = Path(temporary)
    try:
        _run([str(bin_dir / "pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "-f", str(part),
              *_connection_args(url)], url)
        verify(part, url)
        part.replace(final)
    finally:
        part.unlink(missing_ok=True)
    if dest is None:
        for old in list_backups(url)[keep:]:
            old.path.unlink(missing_ok=True)
    return final


def _new_name(folder: Path, database: str | None) -> Path:
    base = f"{database or 'shop'}-{datetime.now().strftime(_STAMP)}"
    path, n = folder / f"{base}{SUFFIX}", 1
    while path.exists():
        path, n = folder / f"{base}-{n}{SUFFIX}", n + 1
    return path


def list_backups(url: str) -> list[ServerBackup]:
    """The dumps of this database in its backups folder, newest first."""
    folder = backups_dir(url)
    found = []
    for path in folder.glob(f"*{SUFFIX}") if folder.is_dir() else ():
        match = _NAME.match(path.name)
        if match is None:
            continue
        created = datetime.strptime(match["stamp"], _STAMP)
        found.append((created, int(match["n"] or 0), ServerBackup(path, created, path.stat().st_size)))
    return [b for *_, b in sorted(found, key=lambda item: item[:2], reverse=True)]


def restore(url: str, dump: str | Path) -> None:
    """The rows of ``dump`` into the empty database at ``url`` (this crmdesk's schema), in one transaction."""
    from crmdesk.store.moving import SEEDED_SETTINGS, SEEDED_TABLES, is_empty, tables
    from crmdesk.store.opening import open_store

    dump = Path(dump).expanduser().resolve()
    if not dump.is_file():
        raise StoreError(f"{dump} is not a file.",
                         ko=f"경로 {dump}은(는) 파일이 아닙니다.")
    verify(dump, url)
    store = open_store(url)
    try:
        if not is_empty(store):
            raise StoreError(mask_url(
                f"{url} is not empty: a backup is restored into an empty database only (make one with crmdesk "
                "server init, then restore there), so that nothing there is written over."), ko=mask_url(
                f"데이터베이스 {url}이(가) 비어 있지 않습니다. 백업은 빈 데이터베이스에만 복원합니다"
                "(crmdesk server init으로 만든 뒤 그곳에 복원하세요). 그곳의 데이터를 덮어쓰지 않기 위해서입니다."))
        with store.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM setting WHERE key IN ({})".format(
                ", ".join(f"'{key}'" for key in SEEDED_SETTINGS)))
            for name in SEEDED_TABLES:  # the new database's default touchpoints: the backup's replace them
                conn.exec_driver_sql(f"DELETE FROM {name}")
    finally:
        store.close()
    listing = _run([str(client_programs() / "pg_restore"), "--list", str(dump)], url).stdout
    # The rows only, and not the schema version (the target is migrated already), each table after those it refers
    # to (pg_restore follows the list's order), then the sequences.
    order = {t.name: i for i, t in enumerate(tables())}

    def rank(line: str) -> int:
        found = re.search(r" TABLE DATA \S+ (\S+) ", line)
        return order.get(found.group(1), len(order)) if found else len(order) + 1

    wanted = sorted((line for line in listing.splitlines()
                     if (" TABLE DATA " in line or " SEQUENCE SET " in line) and " alembic_version " not in line),
                    key=rank)
    with tempfile.NamedTemporaryFile("w", suffix=".list", delete=False, encoding="utf-8") as fh:
        fh.write("\n".join(wanted) + "\n")
    try:
        _run([str(client_programs() / "pg_restore"), "--data-only", "--no-owner", "--no-privileges",
              "--single-transaction", "--exit-on-error", "-L", fh.name, *_connection_args(url), str(dump)], url)
    finally:
        os.unlink(fh.name)


def check(url: str) -> list[str]:
    """What is wrong with the database at ``url`` (empty: nothing found): reachable, this crmdesk's schema."""
    from crmdesk.store.engine import Store, make_engine
    from crmdesk.store.schema import HEAD, current_revision

    store = Store(engine=make_engine(url), url=url)
    try:
        revision = current_revision(store)
    except ServerUnreachable:
        raise  # nothing was checked: a refusal, not a finding
    except StoreError as exc:
        return [str(exc)]
    finally:
        store.close()
    if revision != HEAD:
        return [f"The database is at schema {revision or 'none'}, this crmdesk at {HEAD}: open it with crmdesk once "
                "to upgrade it (or update crmdesk)."]
    return []
