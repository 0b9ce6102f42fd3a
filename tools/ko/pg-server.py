"""Korean for the window texts of branch pg-server (Settings → Database → move to another database)."""

KO = {
    "Move to another database": "다른 데이터베이스로 옮기기",
    "Copies every customer, purchase, point, consent record, audit entry and setting into an empty database: the "
    "shop's PostgreSQL server (its URL from `crmdesk server init`) or a new file. This database stays as it is; "
    "afterwards start crmdesk on every terminal with the new one.":
        "고객, 구매, 포인트, 동의 기록, 감사 기록, 설정을 모두 빈 데이터베이스로 복사합니다: 매장의 PostgreSQL 서버"
        "(`crmdesk server init`이 알려 준 URL) 또는 새 파일. 지금 데이터베이스는 그대로 남습니다. 복사 후에는 모든 "
        "단말기에서 새 데이터베이스로 crmdesk를 시작하세요.",
    "postgresql+psycopg://crmdesk:password@192.168.0.10:5432/shop or a file":
        "postgresql+psycopg://crmdesk@192.168.0.10:5432/shop 또는 파일",
    "Server password": "서버 비밀번호",
    "File…": "파일…",
    "Move": "옮기기",
    "New database file": "새 데이터베이스 파일",
    "crmdesk database (*.sqlite3)": "crmdesk 데이터베이스 (*.sqlite3)",
    "Enter the new database's URL, or choose a file.": "새 데이터베이스의 URL을 입력하거나 파일을 고르세요.",
    "Copy everything into %1? This database is left as it is.":
        "모든 내용을 %1(으)로 복사할까요? 지금 데이터베이스는 그대로 둡니다.",
    "Copied %1 rows into %2; every table's rows and sums match the source.\n\n%3\n\nStart crmdesk with --db and "
    "the new database (or set CRMDESK_DB) on every terminal.":
        "%2(으)로 %1행을 복사했습니다. 표마다 행 수와 합계가 원본과 같습니다.\n\n%3\n\n모든 단말기에서 --db에 새 "
        "데이터베이스를 주어(또는 CRMDESK_DB를 설정해) crmdesk를 시작하세요.",
    "Moved into %1": "%1(으)로 옮겼습니다",
    "Nothing was moved: %1": "옮기지 않았습니다: %1",
}
KO.update({
    "another terminal": "다른 단말기",
    "Not saved: %1 changed this card at %2.": "저장하지 않았습니다: %1님이 %2에 이 카드를 바꿨습니다.",
    "%1 saved this card at %2, after you opened it. Your changes were not saved.\n\nReload the card with their "
    "changes? (Yes: what you typed is replaced. No: what you typed stays; saving again then writes it over their "
    "changes.)":
        "이 카드를 연 뒤 %1님이 %2에 저장했습니다. 입력하신 내용은 저장되지 않았습니다.\n\n바뀐 내용으로 카드를 다시 "
        "불러올까요? (예: 입력한 내용이 바뀐 내용으로 대체됩니다. 아니요: 입력한 내용이 그대로 남고, 다시 저장하면 "
        "그 사람이 바꾼 내용 위에 씁니다.)",
    "Changed on another terminal": "다른 단말기에서 바뀜",
    "Reloaded with the changes saved at %1.": "%1에 저장된 내용으로 다시 불러왔습니다.",
})
KO.update({
    "Not saved: the database server cannot be reached.": "저장하지 않았습니다: 데이터베이스 서버에 연결할 수 없습니다.",
    "The database server cannot be reached (%1): %2\n\nNothing of this was saved, and what you typed is still here. "
    "Try again?":
        "데이터베이스 서버에 연결할 수 없습니다 (%1): %2\n\n아무것도 저장되지 않았고, 입력한 내용은 그대로 있습니다. "
        "다시 시도할까요?",
    "Database server not reachable": "데이터베이스 서버 연결 안 됨",
})
KO.update({
    "Cannot search: the database server cannot be reached.":
        "검색할 수 없습니다: 데이터베이스 서버에 연결할 수 없습니다.",
    "The database server cannot be reached: nothing can be looked up or saved until it is back. What you type "
    "stays here.":
        "데이터베이스 서버에 연결할 수 없습니다: 서버가 돌아올 때까지 조회하거나 저장할 수 없습니다. 입력한 내용은 "
        "그대로 남습니다.",
})
