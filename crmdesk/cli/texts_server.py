"""The words of `crmdesk server` and `crmdesk move-to` (issue 16), merged into crmdesk.cli.texts' tables there:
help as ``(help line, description)`` or one line, messages as ``(English, Korean)``."""

from __future__ import annotations

SERVER_HELP: dict[str, str | tuple[str, str]] = {
    "server": ("run the shop's PostgreSQL server on this PC (several terminals)",
               "A PostgreSQL server in a folder of this PC, for a shop with several terminals: init makes it, "
               "start and stop run it, status tells whether it runs and the URL the terminals use."),
    "server init": ("make a new server in an empty folder and start it",
                    "Make a PostgreSQL cluster in DIR with the programs installed on this PC (initdb, pg_ctl), a "
                    "database 'shop', a login role 'crmdesk' that is not a superuser, password logins "
                    "(scram-sha-256) from this PC and the LAN addresses given, and print the URL the other "
                    "terminals use. The password is shown once and kept in DIR/connection-url.txt."),
    "server start": ("start the server in DIR", "Start the server made by `crmdesk server init DIR`."),
    "server stop": ("stop the server in DIR", "Stop the server in DIR (the terminals can no longer reach it)."),
    "server status": ("whether the server in DIR runs, and its URL",
                      "Whether the server in DIR runs, and the URL the terminals use (password hidden)."),
    "server DIR": "the server's folder (for init: empty or new)",
    "server init --port": "TCP port (default 5432)",
    "server init --listen": "an address of this PC on the shop's network (for example 192.168.0.10), a network "
                            "(192.168.0.0/24) or *; may be given several times; without it only this PC connects",
    "move-to": ("copy the whole database into an empty one (PostgreSQL server or SQLite file)",
                "Copy every table (customers, purchases, points, consent ledger, audit log, settings, presets, "
                "with their ids) from the current database into an empty TARGET: a PostgreSQL URL, or an SQLite "
                "file for the way back. Row counts and sums are compared afterwards; the current database is "
                "left as it is."),
    "move-to TARGET": "the empty database: postgresql+psycopg://user:password@host:port/shop, or a file path",
}

SERVER_WORDS: dict[str, tuple[str, str]] = {
    "server_made": ("Server made in {folder} and running: PostgreSQL on {addresses}, port {port}.",
                    "{folder}에 서버를 만들고 시작했습니다: PostgreSQL, 주소 {addresses}, 포트 {port}."),
    "server_url_once": ("Other terminals connect with this URL (the password is shown only now):",
                        "다른 단말기는 이 URL로 접속합니다 (비밀번호는 지금 한 번만 보여 줍니다):"),
    "server_url_stored": ("The URL with its password is kept in {path}, readable only by this PC's user who made "
                          "it (or an administrator). Keep it out of screenshots, chats and e-mail.",
                          "비밀번호가 든 URL은 {path}에 보관되며 이 서버를 만든 PC 사용자(또는 관리자)만 읽을 수 "
                          "있습니다. 화면 캡처, 메신저, 이메일에 올리지 마세요."),
    "server_use": ("On each terminal: crmdesk --db \"URL\" ..., or set {env}=URL for the window too.",
                   "각 단말기에서: crmdesk --db \"URL\" ..., 또는 창에서도 쓰려면 {env}=URL 로 설정하세요."),
    "server_networks": ("Password logins allowed from: {networks}.", "비밀번호 로그인 허용: {networks}."),
    "server_autostart": ("The server does not start by itself when this PC restarts: run crmdesk server start "
                         "{folder}.", "PC를 다시 켜면 서버가 저절로 켜지지 않습니다: crmdesk server start {folder}"),
    "server_started": ("Server in {folder} is running; terminals use {url}.",
                       "{folder}의 서버가 실행 중입니다. 단말기 URL: {url}"),
    "server_stopped": ("Server in {folder} is stopped.", "{folder}의 서버가 멈췄습니다."),
    "server_running": ("Running: {url}", "실행 중: {url}"),
    "server_not_running": ("Not running ({url}); start it with crmdesk server start {folder}.",
                           "실행 중이 아님 ({url}). 시작: crmdesk server start {folder}"),
    "move_checks": ("Copied into {target}; each table's rows and sums match:",
                    "{target}(으)로 복사했습니다. 표마다 행 수와 합계가 같습니다:"),
    "move_left": ("The current database was left as it is. Point the terminals at the new one with --db or {env}.",
                  "지금 데이터베이스는 그대로 두었습니다. 단말기가 새 데이터베이스를 쓰게 하려면 --db 또는 {env}를 "
                  "바꾸세요."),
    "move_col_table": ("Table", "표"), "move_col_rows": ("Rows", "행"), "move_col_sum": ("Sum", "합계"),
    "move_col_target_rows": ("Target rows", "대상 행"), "move_col_target_sum": ("Target sum", "대상 합계"),
    "server_backed_up": ("Backed up to {path} ({size:,} bytes; pg_dump custom format, read back with pg_restore).",
                         "{path}에 백업했습니다 ({size:,}바이트, pg_dump 사용자 지정 형식, pg_restore로 확인)."),
    "server_no_backups": ("No backups of this server database in {folder} yet.",
                          "{folder}에 이 서버 데이터베이스의 백업이 아직 없습니다."),
    "server_backups_found": ("{count} backup(s) in {folder}.", "{folder}에 백업 {count}개."),
    "server_restored": ("Restored {path} into {url}: its rows are in the new database; the terminals can use it now.",
                        "{path}을(를) {url}에 복원했습니다. 단말기에서 바로 쓸 수 있습니다."),
    "server_check_sound": ("{url}: no problems found (schema, append-only triggers, audit chain, staff roles).",
                           "{url}: 문제가 없습니다 (스키마, 추가 전용 트리거, 감사 기록 체인, 직원 역할)."),
    "server_check_problems": ("{url} has {count} problem(s).", "{url}에 문제가 {count}개 있습니다."),
    "server_not_for_backups": ("On a server, backups lists, makes and restores pg_dump files only; --protect, "
                               "--remove-open and --remove-erased are for SQLite files.",
                               "서버에서는 pg_dump 백업 목록, 백업, 복원만 됩니다. --protect, --remove-open, "
                               "--remove-erased는 SQLite 파일용입니다."),
    "server_col_time": ("Time", "시각"), "server_col_size": ("Size", "크기"), "server_col_file": ("File", "파일"),
}
