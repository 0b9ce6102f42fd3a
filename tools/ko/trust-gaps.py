"""Korean for the window texts of branch trust-gaps (issue 15's remaining gaps). Numerus (%n) messages are in
NUMERUS: tools/fill_translations.py does not fill those, so they were put into the .ts by hand from here."""

KO = {
    "Wrong password or PIN (one more wrong try locks the account).":
        "비밀번호 또는 PIN이 틀렸습니다(한 번 더 틀리면 계정이 잠깁니다).",
    "Older backups open without a password": "비밀번호 없이 열리는 이전 백업",
    "Protect them (they will ask for the same passwords as this database) or remove them?":
        "보호할까요(이 데이터베이스와 같은 비밀번호를 묻게 됩니다), 아니면 삭제할까요?",
    "Protect them": "보호하기",
    "Remove them": "삭제하기",
    "Leave them for now": "지금은 그대로 두기",
    "Erased values still in the file": "삭제한 값이 아직 파일에 있음",
    "The customer is erased, but another program (another crmdesk window?) has the database open, so the erased "
    "values are still in %1.\n\nClose that program, then press OK: crmdesk tries again for %2 seconds.":
        "고객을 삭제했지만 다른 프로그램(다른 crmdesk 창?)이 데이터베이스를 열고 있어 삭제한 값이 아직 %1에 "
        "남아 있습니다.\n\n그 프로그램을 닫은 뒤 확인을 누르세요. crmdesk가 %2초 동안 다시 시도합니다.",
    "The write-ahead log %1 is emptied: the erased values are gone from the database's files.":
        "미리 쓰기 로그 %1를 비웠습니다. 삭제한 값이 데이터베이스 파일에서 사라졌습니다.",
    "The erased values are still in %1 because another program keeps the database open. Close it (every other "
    "crmdesk window): the log is emptied when the last one closes, or at the next erase.":
        "다른 프로그램이 데이터베이스를 열고 있어 삭제한 값이 아직 %1에 남아 있습니다. 그 프로그램(다른 모든 "
        "crmdesk 창)을 닫으세요. 마지막 창이 닫힐 때나 다음 삭제 때 로그가 비워집니다.",
}

NUMERUS = {
    "%n backup(s) or copies taken before sign-in was on still open without a password:":
        "로그인을 켜기 전에 만든 백업·사본 %n개가 아직 비밀번호 없이 열립니다:",
    "%n of them cannot be protected (too old or unreadable): only removing them helps.":
        "그중 %n개는 보호할 수 없습니다(너무 오래되었거나 읽을 수 없음). 삭제하는 수밖에 없습니다.",
    "Protected %n backup(s).": "백업 %n개를 보호했습니다.",
    "%n could not be protected; remove them from the backups folder.":
        "%n개는 보호하지 못했습니다. 백업 폴더에서 삭제하세요.",
    "Removed %n backup(s).": "백업 %n개를 삭제했습니다.",
}

KO.update({
    "The database is busy with another change (an import?); try again when it has finished.":
        "데이터베이스가 다른 변경(가져오기?)으로 바쁩니다. 끝난 뒤 다시 해 보세요.",
    "The database cannot be reached or read; nobody was signed in.":
        "데이터베이스에 연결하거나 읽을 수 없어 로그인하지 않았습니다.",
})
