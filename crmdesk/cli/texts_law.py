"""The command line's words for issue 17 (consent really given, advertising messages, access records), merged
into cli/texts.py's tables: kept apart so the commands of other issues can grow texts.py at the same time."""

from __future__ import annotations

_REASON_HELP = ("why this personal data leaves the shop, one line, kept in the audit log (required once sign-in "
                "is on)")

LAW_HELP: dict[str, str | tuple[str, str]] = {
    "settings": ("show or set the shop's details",
                 "Show the shop's details that advertising messages and consent forms name, or set them: the "
                 "shop's name, phone, address and the free opt-out number (080…) every advertising message ends "
                 "with (the owner, once sign-in is on)."),
    "settings --shop-name": "the shop's name, after (광고) in advertising messages",
    "settings --shop-phone": "the shop's phone number",
    "settings --shop-address": "the shop's address, as on the consent form",
    "settings --opt-out": "the free opt-out number (080…) at the end of every advertising message",
    "consent ID": "customer number (not with --unconfirmed or --due)",
    "consent --unconfirmed": "list the cards whose consent an earlier version assumed ('consent not confirmed'): "
                             "they get no marketing until staff record the customer's answer",
    "consent --due": "list customers whose marketing consent is two years old or older without a re-confirmation "
                     "notice (정보통신망법 제50조⑧)",
    "consent --notice-file": "with --due: write the re-confirmation notice's recipient file (.csv: message, "
                             "phone, name) saying when and to what each agreed and how to withdraw",
    "consent --notice-sent": "with --due: record in the consent ledger that the notice went out to everyone listed",
    "consent --encoding": "the notice file's encoding (default utf-8; cp949 for older SMS tools)",
    "consent --reason": _REASON_HELP,
    "import --consent-source": "customers only: where the file's customers agreed to the collection of their data "
                               "(e.g. 'paper membership forms'); with --consent-date. Columns of answers map to "
                               "consent_collection, consent_sms, consent_kakao, consent_email, consent_phone, "
                               "consent_personalised, consent_night (Y/N, 예/아니오, 동의/거부, 1/0), dated by "
                               "consent_date (or --consent-date). Without either the new cards are 'consent not "
                               "confirmed' and nothing is recorded",
    "import --consent-date": "customers only: the day they agreed (YYYY-MM-DD); with --consent-source",
    "campaign export --message": "compose the message: each row of FILE gets it filled in (#{이름}, #{포인트}, "
                                 "#{등급}, #{추천상품}, #{가족이름}); an advertising message gets (광고)+shop name "
                                 "and the opt-out line",
    "campaign export --notice": "the message is a notice (service or re-confirmation), not advertising",
    "campaign export --send-at": "when it is sent, \"YYYY-MM-DD HH:MM\" shop time (default now); 21:00-08:00 "
                                 "reaches only customers with the night-time consent",
    "export --reason": _REASON_HELP,
    "report consent-form": ("print the consent form (A4 PDF)",
                            "The printable consent form with the shop's details, what the customer is told "
                            "(purpose, items, how long they are kept, the right to refuse), the required and the "
                            "optional purposes and a signature line; blank, or with a card's name and phone."),
    "report consent-form --customer": "print this customer's name and phone on the form",
}

LAW_WORDS: dict[str, tuple[str, str]] = {
    "shop_details": ("Shop name: {name}\nPhone: {phone}\nAddress: {address}\nFree opt-out number: {opt_out}",
                     "상호: {name}\n전화: {phone}\n주소: {address}\n무료수신거부 번호: {opt_out}"),
    "not_set": ("(not set)", "(미설정)"),
    "form_written": ("Wrote the consent form ({pages} page) to {path}.", "동의서({pages}쪽)를 {path}에 저장했습니다."),
    "settings_saved": ("Saved.", "저장했습니다."),
    "consent_id_needed": ("Name a customer number, or use --unconfirmed or --due.",
                          "고객 번호를 쓰거나 --unconfirmed 또는 --due를 쓰세요."),
    "unconfirmed_count": ("{count:,} cards whose consent was never confirmed: they get no marketing until staff "
                          "record the customer's answer (crmdesk consent ID --grant collection, or the card).",
                          "동의가 확인되지 않은 카드 {count:,}장: 직원이 고객의 답을 기록할 때까지 "
                          "광고를 받지 않습니다 (crmdesk consent ID --grant collection 또는 고객 카드)."),
    "due_count": ("{count:,} customers need the two-yearly re-confirmation notice.",
                  "2년 주기 수신동의 확인 안내가 필요한 고객 {count:,}명."),
    "notice_written": ("Wrote the notice for {count:,} customers to {path}.",
                       "안내 {count:,}건을 {path}에 저장했습니다."),
    "notice_recorded": ("Recorded in the consent ledger by {name}: the notice went out to {count:,} customers.",
                        "{name}님이 동의 이력에 기록했습니다: {count:,}명에게 안내를 보냈습니다."),
    "options_need_due": ("--notice-file and --notice-sent go with --due.",
                         "--notice-file과 --notice-sent는 --due와 함께 씁니다."),
    "reason_needed": ("Sign-in is on: say why this personal data leaves the shop with --reason TEXT.",
                      "로그인이 켜져 있습니다: --reason TEXT로 개인정보를 내보내는 이유를 적으세요."),
    "consent_source_pair": ("--consent-source and --consent-date go together (where and on which day the "
                            "customers agreed).", "--consent-source와 --consent-date는 함께 씁니다."),
    "bad_send_at": ("{text!r}: write the send time as \"YYYY-MM-DD HH:MM\".",
                    "{text!r}: 보낼 시각은 \"YYYY-MM-DD HH:MM\" 형식으로 쓰세요."),
    "message_preview": ("Preview ({kind}, {size:,} bytes):", "미리보기 ({kind}, {size:,}바이트):"),
    "night_left_out": ("left out at night (no night-time consent, 21:00-08:00): {count:,}",
                       "야간 발송 제외 (야간 수신 동의 없음, 21:00-08:00): {count:,}"),
    "notice_text": ("[{shop}] Your consent to advertising: on {day} you agreed to receive advertising by {purposes}. "
                    "The consent stays as it is; to withdraw it, call {opt_out} (free) or {phone}.",
                    "[{shop}] 광고성 정보 수신동의 확인 안내: 고객님은 {day}에 {purposes} 광고 수신에 동의하셨습니다. "
                    "동의는 그대로 유지되며, 철회를 원하시면 {opt_out}(무료) 또는 {phone}으로 연락 주세요."),
}

PURPOSE_WORDS: dict[str, tuple[str, str]] = {
    "collection": ("collection and use of personal data", "개인정보 수집·이용"),
    "sms": ("SMS", "문자"), "kakao": ("KakaoTalk", "카카오톡"), "email": ("e-mail", "이메일"),
    "phone": ("phone calls", "전화"), "personalised": ("personalised recommendations", "맞춤 추천"),
    "night": ("advertising at night (21:00-08:00)", "야간 광고(21시-08시)"),
}

LAW_HEADERS: dict[str, tuple[tuple[str, ...], tuple[str, ...] | None]] = {
    "unconfirmed": (("ID", "Name", "Phone", "Card made"), ("번호", "이름", "전화", "카드 생성")),
    "due": (("ID", "Name", "Phone", "Agreed on", "Purposes"), ("번호", "이름", "전화", "동의일", "목적")),
}
