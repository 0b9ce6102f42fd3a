"""The Korean of the services' field problems (errors.Problem codes) a command can meet: shop details (`settings`),
loyalty rules (`points`) and a campaign's target, plan and message (`campaign export`). The window says the same
codes through ui/kit/messages.py; the English is the service's own sentence (Problem.message). A ``{value}`` is
filled with the problem's value and left out, with its ": ", when there is none."""

from __future__ import annotations

PROBLEMS_KO: dict[str, str] = {
    "phone_invalid": "전화번호가 아닙니다: {value}",
    "opt_out_invalid": "무료수신거부 번호는 080으로 시작하는 수신자 부담 번호입니다: {value}",
    "percent_invalid": "적립률은 0에서 100 사이의 백분율입니다: {value}",
    "months_invalid": "포인트는 1~120개월 뒤에 소멸합니다: {value}",
    "tiers_invalid": "등급마다 서로 다른 이름과 0 이상의 기준 금액이 필요합니다",
    "tiers_no_base": "가장 낮은 등급은 0부터 시작해야 합니다",
    "segment_unknown": "그런 이름의 RFM 세그먼트가 없습니다: {value}",
    "stage_unknown": "그런 이름의 고객 단계가 없습니다: {value}",
    "tier_unknown": "그런 이름의 등급이 없습니다: {value}",
    "month_invalid": "생일 달은 1에서 12 사이입니다: {value}",
    "household_unknown": "이 번호의 가구에 속한 고객이 없습니다: {value}",
    "category_required": "구매한 분류를 적어 주세요 (| 뒤에 한 번도 사지 않은 분류를 더할 수 있습니다)",
    "target_invalid": "대상 종류가 올바르지 않습니다: {value}",
    "name_invalid": "캠페인 이름이 없거나 너무 깁니다",
    "goal_invalid": "캠페인 목표가 올바르지 않습니다: {value}",
    "channel_invalid": "채널이 올바르지 않습니다: {value}",
    "offer_invalid": "혜택 종류가 올바르지 않습니다: {value}",
    "control_invalid": "대조군은 0~90퍼센트입니다: {value}",
    "dates_required": "캠페인에는 시작일과 종료일이 필요합니다",
    "dates_reversed": "캠페인이 시작하기 전에 끝납니다",
    "opt_out_missing": "광고 메시지에는 무료수신거부 번호가 필요합니다. 먼저 설정하세요 "
                       "(crmdesk settings --opt-out 080…)",
    "shop_name_missing": "광고 메시지는 (광고) 뒤에 가게 이름을 밝힙니다. 먼저 가게 이름을 설정하세요 "
                         "(crmdesk settings --shop-name 이름)",
    "message_empty": "메시지에 내용이 없습니다",
    "offer_not_points": "이 캠페인의 혜택은 포인트가 아닙니다",
    "points_already_credited": "이 캠페인의 포인트는 이미 지급했습니다",
    "variable_unknown": "crmdesk가 채우지 않는 변수입니다: #{{value}} (쓸 수 있는 변수: {known})",
}
# "too long" says which text, by the problem's field.
TOO_LONG_KO: dict[str, str] = {
    "name": "가게 이름이 너무 깁니다", "address": "주소가 너무 깁니다", "message": "메시지가 너무 깁니다",
    "offer_code": "혜택 코드나 값이 너무 깁니다",
}
