"""A PostgreSQL server for the shop, run from its own folder with the PostgreSQL programs installed on this PC.

`crmdesk server init|start|stop|status DIR` and the tests' throwaway server (tools/pg_test_server.py) share what
is here: finding initdb and pg_ctl (or saying which package provides them), running them as a user that is not
root (PostgreSQL refuses root), and the roles crmdesk needs:

- a login role that is not a superuser (crmdesk connects as it, with a scram-sha-256 password);
- a guard role nobody logs in as, owning the audit log and the consent ledger (crmdesk.store.postgres).

The folder holds ``data/`` (the cluster), ``socket/`` (the local socket, private to the folder's owner),
``server.log``, ``crmdesk-server.json`` (port, addresses, database, role: no secret) and ``connection-url.txt``
(the URL with its password, readable by the folder's owner only).
"""

from __future__ import annotations

import glob
import ipaddress
import json
import os
import secrets
import shutil
import socket
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from crmdesk.errors import StoreError

ADMIN = "crmdesk_admin"  # the cluster's superuser: reached only through the folder's private socket
GUARD_ROLE = "crmdesk_ledger"
APP_ROLE = "crmdesk"
DATABASE = "shop"
DEFAULT_PORT = 5432
CONFIG = "crmdesk-server.json"
URL_FILE = "connection-url.txt"
FALLBACK_USER = "crmdesk-pg"
SEARCH_PATHS = ("/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin", "/usr/local/pgsql/bin", "/opt/homebrew/bin",
                "/opt/homebrew/opt/postgresql*/bin", "/usr/local/bin", "/usr/bin",
                "C:/Program Files/PostgreSQL/*/bin")
MISSING_PROGRAMS = (
    "PostgreSQL's server programs (initdb, pg_ctl) were not found on this PC. Install them: on Debian or Ubuntu "
    "`sudo apt-get install postgresql`, on Fedora `sudo dnf install postgresql-server`, on macOS "
    "`brew install postgresql`, on Windows the EDB installer from https://www.postgresql.org/download/windows/ ; "
    "or set PG_BIN to the folder that holds them.")
MISSING_PROGRAMS_KO = (
    "이 PC에서 PostgreSQL 서버 프로그램(initdb, pg_ctl)을 찾지 못했습니다. 설치하세요: Debian이나 Ubuntu는 "
    "`sudo apt-get install postgresql`, Fedora는 `sudo dnf install postgresql-server`, macOS는 "
    "`brew install postgresql`, Windows는 https://www.postgresql.org/download/windows/ 의 EDB 설치 프로그램. "
    "또는 PG_BIN에 그 프로그램이 있는 폴더를 지정하세요.")
# The private address ranges a shop's LAN uses: listening on every address (*) lets these in, with a password.
PRIVATE_NETWORKS = ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")


def _exe(folder: Path, name: str) -> Path:
    return folder / (f"{name}.exe" if os.name == "nt" else name)


def find_programs(names: tuple[str, ...] = ("initdb", "pg_ctl")) -> Path:
    """The folder holding ``names``: PG_BIN, then PATH, then the usual install folders (newest first); a
    StoreError naming the package or installer that provides them otherwise."""
    candidates: list[str] = []
    if os.environ.get("PG_BIN"):
        candidates.append(os.environ["PG_BIN"])
    on_path = shutil.which(names[0])
    if on_path:
        candidates.append(str(Path(on_path).parent))
    for pattern in SEARCH_PATHS:
        candidates.extend(sorted(glob.glob(pattern), reverse=True))
    for folder in candidates:
        if all(_exe(Path(folder), name).exists() for name in names):
            return Path(folder)
    raise StoreError(MISSING_PROGRAMS,
                     ko=MISSING_PROGRAMS_KO)


def server_user() -> Any:
    """The user the server runs as (a pwd entry): None (this one) unless this is root, which PostgreSQL
    refuses: then ``postgres``, else a system user made for it."""
    if os.name == "nt" or os.geteuid() != 0:
        return None
    import pwd

    for name in ("postgres", FALLBACK_USER):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", FALLBACK_USER],
                   check=True)
    return pwd.getpwnam(FALLBACK_USER)


def folder_user(folder: Path) -> Any:
    """The user a folder made by init belongs to, when this is root (the server must run as it)."""
    if os.name == "nt" or os.geteuid() != 0:
        return None
    import pwd

    owner = folder.stat().st_uid
    return pwd.getpwuid(owner) if owner != 0 else None


def run_as(user: Any, args: list[str], check: bool = True, **kwargs: Any) -> subprocess.CompletedProcess:
    if user is None:
        return subprocess.run(args, check=check, **kwargs)
    return subprocess.run(args, check=check, user=user.pw_uid, group=user.pw_gid, extra_groups=[],
                          env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/tmp", "LC_ALL": "C.UTF-8"},
                          **kwargs)


def give_to(user: Any, path: Path) -> None:
    if user is not None:
        os.chown(path, user.pw_uid, user.pw_gid)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def admin_connect(socket_dir: Path, port: int, dbname: str = "postgres") -> Any:
    import psycopg

    return psycopg.connect(host=str(socket_dir), port=port, user=ADMIN, dbname=dbname, autocommit=True)


def initdb(bin_dir: Path, user: Any, data: Path, *, fast: bool = False) -> None:
    """A new cluster in ``data``: UTF-8, Korean ICU collation, the admin reachable through the local socket
    only, every TCP login with a scram-sha-256 password. ``fast``: no fsync of the new files (tests)."""
    args = [str(_exe(bin_dir, "initdb")), "-D", str(data), "-U", ADMIN, "-E", "UTF8", "--locale=C.UTF-8",
            "--locale-provider=icu", "--icu-locale=ko-KR", "--auth-local=trust", "--auth-host=scram-sha-256"]
    run_as(user, args + (["--no-sync"] if fast else []), stdout=subprocess.DEVNULL)


def hba_lines(networks: list[str]) -> str:
    """pg_hba.conf: the local socket (in the private folder) without a password, loopback and the given networks
    with a scram-sha-256 password, everything else refused."""
    lines = ["# crmdesk: written by `crmdesk server init`", "local all all trust",
             "host all all 127.0.0.1/32 scram-sha-256", "host all all ::1/128 scram-sha-256"]
    lines += [f"host all all {net} scram-sha-256" for net in networks]
    return "\n".join(lines) + "\n"


def networks_for(listen: list[str]) -> list[str]:
    """The LAN networks allowed in for the addresses the server listens on: an address's /24 (IPv6: /64), a
    network given as such, the private ranges for ``*``; loopback needs no entry."""
    nets: list[str] = []
    for item in listen:
        if item in ("*", "0.0.0.0", "::"):
            nets += PRIVATE_NETWORKS
            continue
        if item in ("localhost",):
            continue
        try:
            if "/" in item:
                net = ipaddress.ip_network(item, strict=False)
            else:
                addr = ipaddress.ip_address(item)
                if addr.is_loopback:
                    continue
                net = ipaddress.ip_network(f"{item}/{24 if addr.version == 4 else 64}", strict=False)
        except ValueError:
            raise StoreError(f"--listen {item}: not an IP address of this PC (for example 192.168.0.10), "
                             "a network (192.168.0.0/24) or *.",
                             ko=f"--listen {item}: 이 PC의 IP 주소(예: 192.168.0.10), 네트워크(192.168.0.0/24) "
                                "또는 *가 아닙니다.") from None
        nets.append(str(net))
    return list(dict.fromkeys(nets))


def listen_addresses(listen: list[str]) -> str:
    """postgresql.conf's listen_addresses: loopback always, plus the LAN addresses (a network's address is not one
    this PC has, so a network given alone means every address)."""
    hosts = ["127.0.0.1"]
    for item in listen:
        if "/" in item or item in ("*", "0.0.0.0", "::"):
            return "*"
        if item not in ("127.0.0.1", "localhost"):
            hosts.append(item)
    return ",".join(dict.fromkeys(hosts))


def pg_ctl_start(bin_dir: Path, user: Any, data: Path, log: Path, options: str = "") -> None:
    args = [str(_exe(bin_dir, "pg_ctl")), "-D", str(data), "-l", str(log), "-w", "-t", "60"]
    run_as(user, args + (["-o", options] if options else []) + ["start"], stdout=subprocess.DEVNULL)


def pg_ctl_stop(bin_dir: Path, user: Any, data: Path, mode: str = "fast") -> None:
    run_as(user, [str(_exe(bin_dir, "pg_ctl")), "-D", str(data), "-m", mode, "-w", "stop"],
           stdout=subprocess.DEVNULL)


def create_roles(conn: Any, *, app_role: str, password: str, database: str, guard_role: str = GUARD_ROLE) -> None:
    """The login role (not a superuser; may create databases, as the tests need), the guard role nobody logs in
    as, and the shop's database owned by the login role. ``conn``: the admin's autocommit connection."""
    from psycopg import sql

    conn.execute(sql.SQL("CREATE ROLE {} LOGIN CREATEDB NOSUPERUSER NOCREATEROLE PASSWORD {}").format(
        sql.Identifier(app_role), sql.Literal(password)))
    conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(guard_role)))
    conn.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(database), sql.Identifier(app_role)))


def migrate_and_guard(url: str, socket_dir: Path, port: int, database: str, app_role: str,
                      guard_role: str = GUARD_ROLE) -> None:
    """Migrate the database as the login role (as crmdesk does), then hand the ledgers to the guard role."""
    from crmdesk.store.opening import open_store
    from crmdesk.store.postgres import guard_ledgers

    open_store(url).close()
    with admin_connect(socket_dir, port, database) as conn:
        guard_ledgers(conn, app_role=app_role, guard_role=guard_role)


# --- the shop's server: crmdesk server init|start|stop|status DIR ------------------------------------------------

@dataclass
class ServerConfig:
    port: int
    listen: list[str] = field(default_factory=list)
    host: str = "127.0.0.1"  # the address the other terminals use
    database: str = DATABASE
    role: str = APP_ROLE

    def url(self, password: str | None = None) -> str:
        secret = f":{password}" if password else ""
        return f"postgresql+psycopg://{self.role}{secret}@{self.host}:{self.port}/{self.database}"


@dataclass
class Initialised:
    config: ServerConfig
    url: str  # with the password: shown once
    url_file: Path
    networks: list[str]


def read_config(folder: Path) -> ServerConfig:
    path = folder / CONFIG
    if not (folder / "data" / "PG_VERSION").exists() or not path.exists():
        raise StoreError(f"{folder} holds no crmdesk server (`crmdesk server init {folder}` makes one).",
                         ko=f"폴더 {folder}에 crmdesk 서버가 없습니다(`crmdesk server init {folder}`로 만드세요).")
    return ServerConfig(**json.loads(path.read_text(encoding="utf-8")))


def lan_host(listen: list[str]) -> str:
    """The address to print in the URL: the first LAN address given, this PC's name for a network or *, else
    loopback."""
    for item in listen:
        if item in ("*", "0.0.0.0", "::") or "/" in item:
            return socket.gethostname()
        if item not in ("127.0.0.1", "localhost"):
            return item
    return "127.0.0.1"


def init_server(folder: Path, *, port: int = DEFAULT_PORT, listen: list[str] | None = None) -> Initialised:
    """A new cluster in ``folder`` (which must be empty or missing), started, with the shop's database migrated
    and its ledgers guarded. A failure half-way stops the server and leaves no half-made cluster behind."""
    listen = list(listen or [])
    networks = networks_for(listen)
    bin_dir = find_programs()
    folder = folder.expanduser().resolve()
    if folder.exists() and any(folder.iterdir()):
        raise StoreError(f"{folder} is not empty: choose an empty or new folder for the server.",
                         ko=f"폴더 {folder}이(가) 비어 있지 않습니다. 서버용으로 빈 폴더나 새 폴더를 고르세요.")
    if not port_free(port):
        raise StoreError(f"Port {port} is in use on this PC (another PostgreSQL server?): choose another with "
                         "--port, for example --port 5433.",
                         ko=f"포트 {port}을(를) 이 PC에서 이미 쓰고 있습니다(다른 PostgreSQL 서버?). "
                            "--port로 다른 포트를 고르세요. 예: --port 5433.")
    user = server_user()
    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        return _init(folder, bin_dir, user, port, listen, networks)
    except BaseException:
        if (folder / "data" / "postmaster.pid").exists():
            pg_ctl_stop(bin_dir, user, folder / "data", "immediate")
        for child in list(folder.iterdir()):
            shutil.rmtree(child) if child.is_dir() else child.unlink()
        if created:
            folder.rmdir()
        raise


def _init(folder: Path, bin_dir: Path, user: Any, port: int, listen: list[str],
          networks: list[str]) -> Initialised:
    folder.chmod(0o700)
    give_to(user, folder)
    data, sockets = folder / "data", folder / "socket"
    sockets.mkdir(mode=0o700)
    give_to(user, sockets)
    initdb(bin_dir, user, data)
    (data / "pg_hba.conf").write_text(hba_lines(networks), encoding="utf-8")
    with (data / "postgresql.conf").open("a", encoding="utf-8") as conf:
        conf.write(f"\n# crmdesk server init\nlisten_addresses = '{listen_addresses(listen)}'\nport = {port}\n"
                   f"unix_socket_directories = '{sockets}'\npassword_encryption = 'scram-sha-256'\n")
    config = ServerConfig(port=port, listen=listen, host=lan_host(listen))
    (folder / CONFIG).write_text(json.dumps(asdict(config), indent=2), encoding="utf-8")
    pg_ctl_start(bin_dir, user, data, folder / "server.log")
    password = secrets.token_urlsafe(18)
    with admin_connect(sockets, port) as conn:
        create_roles(conn, app_role=config.role, password=password, database=config.database)
    local = ServerConfig(port=port, database=config.database, role=config.role)
    migrate_and_guard(local.url(password), sockets, port, config.database, config.role)
    url = config.url(password)
    url_file = folder / URL_FILE
    url_file.touch(mode=0o600)
    url_file.write_text(url + "\n", encoding="utf-8")
    return Initialised(config, url, url_file, networks)


def start_server(folder: Path) -> ServerConfig:
    config = read_config(folder)
    if server_running(folder):
        return config
    pg_ctl_start(find_programs(), folder_user(folder), folder / "data", folder / "server.log")
    return config


def stop_server(folder: Path) -> ServerConfig:
    config = read_config(folder)
    if server_running(folder):
        pg_ctl_stop(find_programs(), folder_user(folder), folder / "data")
    return config


def server_running(folder: Path) -> bool:
    """Whether the cluster in ``folder`` runs (pg_ctl status: 0 running, 3 not)."""
    result = run_as(folder_user(folder), [str(_exe(find_programs(), "pg_ctl")), "-D", str(folder / "data"), "status"],
                    check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return result.returncode == 0

