# ruff: noqa: E501  (Korean sentences are kept whole, one per entry)
"""Korean for the window texts of branch consent-law (issue 17)."""

KO = {
    "{n} without night-time consent (21:00-08:00)": "{n}명 야간 수신 동의 없음 (21시-08시)",
    "Consent (read it to the customer or hand over the form)": "동의 (고객에게 읽어 드리거나 동의서를 건네세요)",
    "<b>Purpose:</b> keeping the customer's card: purchases, points, answering questions. <b>Items:</b> name, "
    "mobile phone, and e-mail or birthday when given. <b>Kept:</b> until the customer asks us to delete them, at "
    "most {years} years after the last visit. <b>Right to refuse:</b> the customer may refuse; then we keep no card "
    "with a phone or e-mail (buying needs no card). Each purpose below is optional: refusing it changes nothing "
    "else.":
        "<b>목적:</b> 고객 카드 관리(구매 내역, 포인트, 문의 응대). <b>항목:</b> 성명, 휴대전화번호, 제공 시 이메일·생일. "
        "<b>보유 기간:</b> 삭제를 요청하실 때까지, 최대 마지막 방문 후 {years}년. <b>거부할 권리:</b> 동의를 거부할 수 "
        "있으며, 거부하시면 전화번호나 이메일이 담긴 카드를 만들 수 없습니다(카드 없이 구매는 가능). 아래 각 항목은 "
        "선택이며, 동의하지 않아도 다른 불이익은 없습니다.",
    "[Required] Agrees to the collection and use of personal data": "[필수] 개인정보 수집·이용에 동의함",
    "Asked": "받은 방법",
    "Optional: tick only what the customer agrees to": "선택: 고객이 동의한 항목만 체크하세요",
    "[Optional] {purpose}": "[선택] {purpose}",
    "Personalised recommendations": "맞춤 추천",
    "Advertising between 21:00 and 08:00": "야간(21시-08시) 광고",
    "re-confirmation notice": "수신동의 확인 안내",
    "Consent not confirmed: an earlier version recorded this card's consent without asking. Ask the customer and "
    "record the answer to \"Collection of personal data\"; until then no marketing reaches them.":
        "동의 미확인: 이전 버전이 고객에게 묻지 않고 이 카드의 동의를 기록했습니다. 고객에게 여쭤보고 "
        "\"개인정보 수집\"에 대한 답을 기록하세요. 그때까지 광고는 보내지 않습니다.",
    "The customer agrees to collection: record it": "고객이 수집에 동의함: 기록하기",
    "Consent form…": "동의서…",
    "Print the consent form with this customer's name and phone to sign": "이 고객의 이름과 전화번호가 들어간 동의서를 인쇄해 서명받기",
    "Consent not confirmed: ask the customer": "동의 미확인: 고객에게 여쭤보세요",
    "Message": "메시지",
    "e.g. #{이름}님, 가을 신메뉴 10% 할인! — variables: %1": "예: #{이름}님, 가을 신메뉴 10% 할인! — 변수: %1",
    "A notice, not advertising (no (광고) marking)": "광고가 아닌 안내 ((광고) 표시 없음)",
    "Preview": "미리보기",
    "Send at": "발송 시각",
    "Write the message and choose a campaign to see it for three recipients.": "메시지를 쓰고 캠페인을 고르면 수신자 세 명에게 갈 내용을 보여 드립니다.",
    "SMS (up to 90 bytes)": "SMS (90바이트까지)",
    "LMS (up to 2,000 bytes)": "LMS (2,000바이트까지)",
    "too long for an LMS (over 2,000 bytes)": "LMS로도 너무 깁니다 (2,000바이트 초과)",
    "{name}: {size:,} bytes · {kind}": "{name}: {size:,}바이트 · {kind}",
    "Nobody in this campaign can receive the message now.": "지금 이 캠페인에서 메시지를 받을 수 있는 고객이 없습니다.",
    "{n:,} left out: the send time is between 21:00 and 08:00 and they have no night-time consent.":
        "{n:,}명 제외: 발송 시각이 21시-08시이고 야간 수신 동의가 없습니다.",
    "Without the customer's agreement to collect and use personal data the card keeps no phone or e-mail (and no "
    "marketing purpose): tick the agreement, or keep only a name.":
        "개인정보 수집·이용 동의 없이는 전화번호나 이메일(그리고 광고 수신)을 기록할 수 없습니다. 동의를 체크하거나 "
        "이름만 남기세요.",
    "Set the free opt-out number (080…) in Settings first: every advertising message must end with it.":
        "먼저 설정에서 무료수신거부 번호(080…)를 입력하세요. 모든 광고 메시지는 이 번호로 끝나야 합니다.",
    "Set the shop's name in Settings first: an advertising message starts with (광고) and the shop's name.":
        "먼저 설정에서 상호를 입력하세요. 광고 메시지는 (광고)와 상호로 시작합니다.",
    "The message uses a variable crmdesk does not fill; use #{이름}, #{포인트} or #{등급}.":
        "메시지에 crmdesk가 채울 수 없는 변수가 있습니다. #{이름}, #{포인트}, #{등급}을 쓰세요.",
    "Write the message first.": "먼저 메시지를 쓰세요.",
    "The free opt-out number is a toll-free 080 number.": "무료수신거부 번호는 080으로 시작하는 수신자 부담 번호입니다.",
    "Shop details for advertising messages and consent forms": "광고 메시지와 동의서에 들어갈 매장 정보",
    "Save shop details": "매장 정보 저장",
    "Consent form (blank)…": "동의서 (빈 양식)…",
    "An A4 form to print and have signed: the shop's details, what the customer is told, each purpose to tick":
        "인쇄해서 서명받는 A4 양식: 매장 정보, 고객 안내 사항, 항목별 체크란",
    "Phone": "전화",
    "Address": "주소",
    "Free opt-out number": "무료수신거부 번호",
    "Every advertising message ends with it (무료수신거부 080-…); without it crmdesk writes no advertising file.":
        "모든 광고 메시지는 이 번호로 끝납니다 (무료수신거부 080-…). 번호가 없으면 광고 파일을 만들지 않습니다.",
    "Shop details saved.": "매장 정보를 저장했습니다.",
    "Save the consent form": "동의서 저장",
    "Consent form not saved": "동의서를 저장하지 못했습니다",
}
KO.update({
    "No consent for this channel": "이 채널 수신 동의 없음",
    "{name} has not agreed to advertising by {channels}. A promotion by this channel without consent is against "
    "the law (정보통신망법 제50조). Log it anyway?": "{name}님은 {channels} 광고 수신에 동의하지 않았습니다. 동의 없이 이 채널로 홍보하면 법 위반입니다 (정보통신망법 제50조). 그래도 기록할까요?",
    "Show": "보기", "When": "시각", "Who": "누가", "What": "무엇을", "Rows": "행 수", "Reason": "사유",
    "(none given)": "(사유 없음)", "File": "파일", "Month": "월",
    "Review once a month who took personal data out of the shop and why.": "한 달에 한 번, 누가 왜 개인정보를 매장 밖으로 내보냈는지 점검하세요.",
    "{n:,} exports in {month}; {missing:,} without a reason.": "{month} 내보내기 {n:,}건, 사유 없음 {missing:,}건.",
    "Monthly export review": "월간 내보내기 점검",
})
KO.update({
    "Reason for the export": "내보내기 사유",
    "Why does this personal data leave the shop? One line, kept in the audit log.": "이 개인정보를 왜 매장 밖으로 내보내나요? 한 줄로 적으면 감사 기록에 남습니다.",
    "Nothing was exported: give a reason.": "내보내지 않았습니다: 사유를 적어 주세요.",
})
KO.update({
    "Customer": "고객", "Card made": "카드 생성일",
    "{n:,} cards whose consent an earlier version assumed. They get no marketing until staff ask the customer and record the answer on the card's Consent tab.":
        "이전 버전이 동의를 가정한 카드 {n:,}장. 직원이 고객에게 여쭤보고 고객 카드의 동의 탭에 답을 기록할 때까지 광고를 받지 않습니다.",
    "Consent not confirmed": "동의 미확인",
})
