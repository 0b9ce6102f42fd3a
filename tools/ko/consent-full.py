# ruff: noqa: E501  (Korean sentences are kept whole, one per entry)
"""Korean for the window texts of branch consent (the rest of issue 17)."""

KO = {
    "Why does this personal data leave the shop? One line, kept in the audit log (may stay empty while sign-in is off).":
        "이 개인정보를 왜 매장 밖으로 내보내나요? 한 줄로 적으면 감사 기록에 남습니다 (로그인이 꺼져 있는 동안에는 비워 둘 수 있습니다).",
    "Nothing was exported: the reason has at most {n} characters (one line).":
        "내보내지 않았습니다: 이유는 {n}자까지 쓸 수 있습니다 (한 줄).",
    "{name}: e-mail to {address}": "{name}: {address}(으)로 보낼 이메일",
    "Consent not confirmed: nobody recorded the customer's answer (the card was made or imported without asking, or "
    "an earlier version assumed it). Ask the customer and record the answer to \"Collection of personal data\"; until "
    "then no marketing reaches them.":
        "동의 미확인: 고객의 답이 기록되지 않았습니다 (묻지 않고 카드를 만들었거나 가져왔거나, 이전 버전이 동의를 "
        "가정했습니다). 고객에게 여쭤보고 \"개인정보 수집\"에 대한 답을 기록하세요. 그때까지 광고는 보내지 않습니다.",
}
KO.update({
    "Consent: collection of personal data": "동의: 개인정보 수집·이용",
    "Consent: SMS": "동의: 문자",
    "Consent: KakaoTalk": "동의: 카카오톡",
    "Consent: e-mail": "동의: 이메일",
    "Consent: phone calls": "동의: 전화",
    "Consent: personalised recommendations": "동의: 맞춤 추천",
    "Consent: advertising 21:00-08:00": "동의: 야간(21시-08시) 광고",
    "Consent given on": "동의일",
})
