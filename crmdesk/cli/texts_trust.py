"""The trust and backup commands' words in English and Korean (cli.trust, cli.backups), part of texts._WORDS.

Kept apart only for length: texts.py is the one table every command reads; its ``say`` and ``Words`` find these.
"""

from __future__ import annotations

TRUST_WORDS: dict[str, tuple[str, str]] = {
    # privacy, retention, audit, consent, password (cli.trust)
    "privacy_exported": ("Wrote customer #{id}'s data to {path}.",
                         "고객 #{id}의 정보를 {path}에 저장했습니다."),
    "erase_question": ("Erase {name} (#{id}) for good? This cannot be undone.",
                       "{name}(#{id}) 고객의 개인정보를 영구 삭제할까요? 되돌릴 수 없습니다."),
    "nothing_erased": ("Nothing was erased.",
                       "삭제하지 않았습니다."),
    "erased_cards": ("Erased {count} card(s): #{ids}; purchases kept anonymously.",
                     "카드 {count}장을 삭제했습니다: #{ids} (구매 기록은 익명으로 남음)."),
    "inactive_found": ("{count:,} customers inactive for {years} years or more.",
                       "{years}년 이상 활동이 없는 고객 {count:,}명."),
    "erase_all_question": ("Erase all {count:,} of them for good?",
                           "{count:,}명을 모두 영구 삭제할까요?"),
    "erased_inactive": ("Erased {count:,} cards; their purchases stay as anonymous figures.",
                        "카드 {count:,}장을 삭제했습니다. 구매 기록은 익명으로 남습니다."),
    "entries_shown": ("{count} entries shown.",
                      "{count}건 표시."),
    "granted": ("granted",
                "동의"),
    "not_granted": ("not granted",
                    "미동의"),
    "password_cleared": ("{name} has no password now.",
                         "{name}의 비밀번호를 지웠습니다."),
    "password_set": ("{name} signs in with the new password or PIN.",
                     "{name}의 새 비밀번호(PIN)를 저장했습니다."),
    "recovery_code": ("Recovery code for {name}: {code}\nWrite it down and keep it away from this computer: it "
                      "resets this owner's password if it is forgotten (crmdesk password {id} --recovery-code "
                      "CODE). It is shown only now.",
                      "{name}의 복구 코드: {code}\n종이에 적어 이 컴퓨터와 떨어진 곳에 보관하세요. 비밀번호를 잊었을 "
                      "때 이 코드로 재설정합니다(crmdesk password {id} --recovery-code 코드). 지금 한 번만 "
                      "표시됩니다."),
    # copies that open without a password (cli.trust)
    "open_copies_found": ("{count} older copies of this database open without a password (taken before sign-in was "
                          "on): anyone can read every customer in them with --db.",
                          "이 데이터베이스의 이전 사본 {count}개는 비밀번호 없이 열립니다 (로그인을 켜기 전에 만든 "
                          "것). 누구나 --db로 모든 고객 정보를 볼 수 있습니다."),
    "open_copy_cannot": ("(cannot be protected: remove it)",
                         "(보호할 수 없음: 삭제하세요)"),
    "open_copies_question": ("Protect them with the same passwords (p), remove them (r), or leave them (Enter)? ",
                             "같은 비밀번호로 보호(p), 삭제(r), 그대로 두기(Enter)? "),
    "open_copies_how": ("Protect them with `crmdesk backups --protect` (the same passwords), or remove them with "
                        "`crmdesk backups --remove-open`.",
                        "`crmdesk backups --protect`로 같은 비밀번호를 걸거나 `crmdesk backups --remove-open`으로 "
                        "삭제하세요."),
    "open_copies_protected": ("Protected {count} copies: they ask for the same passwords now.",
                              "사본 {count}개를 보호했습니다. 이제 같은 비밀번호를 묻습니다."),
    "open_copies_removed": ("Removed {count} copies that opened without a password.",
                            "비밀번호 없이 열리던 사본 {count}개를 삭제했습니다."),
    "open_copies_left": ("{count} copies cannot be protected (older than passwords, or without this owner); remove "
                         "them with `crmdesk backups --remove-open`.",
                         "사본 {count}개는 보호할 수 없습니다 (비밀번호 기능 이전이거나 이 사장님 계정이 없음). "
                         "`crmdesk backups --remove-open`으로 삭제하세요."),
    "open_copies_none": ("No copy of this database opens without a password.",
                         "비밀번호 없이 열리는 사본이 없습니다."),
    "restore_sign_in_dropped": ("crmdesk: warning: the restored backup was taken before sign-in was on, so sign-in "
                                "is off now and anyone at this PC opens the database. Set an owner's password again "
                                "(crmdesk password STAFF_ID).",
                                "crmdesk: 경고: 복원한 백업은 로그인을 켜기 전에 만든 것이라 지금은 로그인이 꺼져 "
                                "있고, 이 PC의 누구나 데이터베이스를 열 수 있습니다. 사장님 비밀번호를 다시 "
                                "정하세요 (crmdesk password 직원번호)."),
    "open_copies_sign_in_off": ("Sign-in is off: set an owner's password first (crmdesk password STAFF_ID).",
                                "로그인이 꺼져 있습니다. 먼저 사장님 비밀번호를 정하세요 (crmdesk password "
                                "직원번호)."),
    # backups, restore, check and password, in both languages (issue 15)
    "not_a_file": ("Backups and checks are for an SQLite database file; use the server's own tools (for PostgreSQL: "
                   "pg_dump) for a server database.",
                   "백업과 점검은 SQLite 데이터베이스 파일용입니다. 서버 데이터베이스는 서버 자체 도구(PostgreSQL은 "
                   "pg_dump)로 백업하세요."),
    "needs_yes": ("this cannot be undone and needs confirmation: run it on a terminal, or add --yes.",
                  "되돌릴 수 없는 작업이라 확인이 필요합니다. 터미널에서 실행하거나 --yes를 붙이세요."),
    "at_least_one": ("{option} must be at least 1.",
                     "{option} 값은 1 이상이어야 합니다."),
    "backed_up": ("Backed up to {path} ({size:,} bytes, verified).",
                  "{path}에 백업했습니다 ({size:,}바이트, 확인 완료)."),
    "no_backups": ("No backups yet in {folder}.",
                   "{folder}에 아직 백업이 없습니다."),
    "backup_automatic": ("automatic",
                         "자동"),
    "backup_before_restore": ("before restore",
                              "복원 전"),
    "backups_found": ("{count} backup{s} in {folder}.",
                      "{folder}에 백업 {count}개."),
    "restore_needs_yes": ("restore replaces the database and needs confirmation: run it on a terminal, or add --yes.",
                          "복원은 데이터베이스를 바꾸므로 확인이 필요합니다. 터미널에서 실행하거나 --yes를 붙이세요."),
    "restore_question": ("Replace {db} with {file}? The current database is saved in the backups folder first.",
                         "{db}을(를) {file}(으)로 바꿀까요? 지금 데이터베이스는 먼저 백업 폴더에 저장됩니다."),
    "nothing_restored": ("Nothing was restored.",
                         "복원하지 않았습니다."),
    "restored": ("Restored {db} from {file}.",
                 "{file}에서 {db}을(를) 복원했습니다."),
    "restore_previous": ("The database it replaced was saved as {path}.",
                         "바뀌기 전 데이터베이스는 {path}에 저장했습니다."),
    "erased_again": ("{count} customer(s) erased since that backup were in it; erased them again: #{ids}.",
                     "그 백업 이후 삭제한 고객 {count}명이 들어 있어 다시 삭제했습니다: #{ids}."),
    "check_problems": ("crmdesk: {db} has {count} problem{s}; restore a backup (crmdesk backups, crmdesk restore "
                       "FILE).",
                       "crmdesk: {db}에 문제가 {count}개 있습니다. 백업을 복원하세요 (crmdesk backups, crmdesk "
                       "restore 파일)."),
    "check_sound": ("{db}: no problems found (integrity and foreign keys checked).",
                    "{db}: 문제가 없습니다 (무결성과 외래 키 점검)."),
    "password_new": ("Password or PIN: ",
                     "비밀번호 또는 PIN: "),
    "password_again": ("Again: ",
                       "한 번 더: "),
    "passwords_differ": ("the two entries differ; nothing was changed.",
                         "두 번 입력한 값이 다릅니다. 아무것도 바꾸지 않았습니다."),
    "backup_holds_erased": (", holds {count} erased",
                            ", 삭제한 고객 {count}명 포함"),
    "upgrade_copy_holds_erased": ("{path} (taken before an upgrade) holds {count} erased customer(s).",
                                  "{path}(업그레이드 전 사본)에 삭제한 고객 {count}명이 남아 있습니다."),
    "backups_holding_erased": ("{count} backup(s) still hold customers erased since they were taken; remove them "
                               "with `crmdesk backups --remove-erased` once you have a newer backup.",
                               "백업 {count}개에 만든 뒤 삭제한 고객이 아직 남아 있습니다. 새 백업이 생기면 "
                               "`crmdesk backups --remove-erased`로 지우세요."),
    "no_backups_holding_erased": ("No backup holds an erased customer.",
                                  "삭제한 고객이 남아 있는 백업이 없습니다."),
    "remove_erased_question": ("Delete the {count} backup(s) that still hold erased customers? This cannot be "
                               "undone.",
                               "삭제한 고객이 남아 있는 백업 {count}개를 지울까요? 되돌릴 수 없습니다."),
    "nothing_removed": ("Nothing was removed.",
                        "아무것도 지우지 않았습니다."),
    "backup_removed": ("Removed {path}.",
                       "{path}을(를) 지웠습니다."),
    "restore_erasures_unknown": ("crmdesk: warning: the database that was replaced could not be read, so who was "
                                 "erased in it is unknown; customers erased there after the newest readable backup "
                                 "may be back. Check the customer list and erase them again.",
                                 "crmdesk: 경고: 바뀐 데이터베이스를 읽을 수 없어 그 안에서 누가 삭제되었는지 알 수 "
                                 "없습니다. 읽을 수 있는 가장 새 백업 이후 삭제한 고객이 되살아났을 수 있습니다. "
                                 "고객 목록을 확인하고 다시 삭제하세요."),
    "recovery_not_clear": ("--recovery-code sets a new password; it cannot be used with --clear.",
                           "--recovery-code는 새 비밀번호를 정하는 옵션이라 --clear와 함께 쓸 수 없습니다."),
    # the write-ahead log after an erase (issue 15)
    "wal_busy": ("crmdesk: erased, but another program (a crmdesk window?) has the database open, so the erased "
                 "values are still in {wal}; waiting up to {seconds} s for it to let go…",
                 "crmdesk: 삭제했지만 다른 프로그램(crmdesk 창?)이 데이터베이스를 열고 있어 삭제한 값이 아직 "
                 "{wal}에 남아 있습니다. 최대 {seconds}초 기다립니다…"),
    "wal_emptied": ("The write-ahead log {wal} is emptied: the erased values are gone from the files.",
                    "미리 쓰기 로그 {wal}를 비웠습니다. 삭제한 값이 파일에서 사라졌습니다."),
    "wal_left": ("crmdesk: warning: the erased values are still in {wal} because another program keeps the "
                 "database open. Close it (every crmdesk window): SQLite empties the log when the last one closes.",
                 "crmdesk: 경고: 다른 프로그램이 데이터베이스를 열고 있어 삭제한 값이 아직 {wal}에 남아 있습니다. "
                 "그 프로그램(모든 crmdesk 창)을 닫으세요. 마지막 프로그램이 닫힐 때 SQLite가 로그를 비웁니다."),
}
