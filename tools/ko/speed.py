"""Korean for the window texts of branch speed (issue 18)."""

KO = {
    "Scored with the shop's figures of {day}; today's are being worked out.":
        "{day} 기준 매장 수치로 계산했습니다. 오늘 수치를 계산하는 중입니다.",
}
