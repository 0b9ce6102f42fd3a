"""Korean for the window texts of issue 19 (branch moments): the survey, the Service screen, the feedback
analysis tab. Run: tools/update_translations.py, then tools/fill_translations.py --from-py tools/ko/moments.py."""

KO = {
    " days": "일",
    "Category": "분류",
    "(none)": "(없음)",
    "Complaints": "불만 수",
    "Share": "비율",
    "Resolved": "해결까지",
    "Customers": "고객 수",
    "Returned": "재구매",
    "Baseline": "비교 기준",
    "Difference": "차이",
    "Feedback": "고객의 소리",
    "Complaints from": "불만 기간",
    "to": "~",
    "Returned within": "재구매 기간",
    "Top categories": "많은 불만 분류",
    "Complaints per category per month": "월별·분류별 불만",
    "Do complaining customers come back?": "불만 고객은 다시 올까요?",
    "All": "전체",
    "too few to say": "너무 적어 판단 불가",
    "{n} complaints. First response: median {first_median} h, {first_share} within {first_target} h. Resolution: "
    "median {res_median} h, {res_share} within {res_target} h.":
        "불만 {n}건. 첫 응답: 중앙값 {first_median}시간, {first_target}시간 안 {first_share}. 해결: 중앙값 "
        "{res_median}시간, {res_target}시간 안 {res_share}.",
    "Month": "월",
    "Returned: bought within {window} days after the complaint was resolved; only complaints resolved by {cutoff} "
    "(a full window), each customer once. Baseline: customers with as many earlier purchases who never complained, "
    "over the same {window} days from the same month. Left out: {open} not resolved, {recent} resolved too "
    "recently.":
        "재구매: 불만 해결 후 {window}일 안에 구매. {cutoff}까지 해결된 불만만(기간을 다 채운 것), 고객마다 한 번. "
        "비교 기준: 이전 구매 횟수가 같고 불만이 없던 고객이 같은 달부터 {window}일 안에 구매한 비율. "
        "제외: 미해결 {open}명, 해결된 지 얼마 안 된 {recent}명.",
    "Analysis": "분석",
    "Service": "서비스 품질",
    "&Service": "서비스(&S)",
    "Counter &survey…": "매장 설문(&S)…",
    "Counter survey…": "매장 설문…",
    "Touchpoint": "접점",
    "Ratings": "평가 수",
    "Average": "평균",
    "Share of best": "만점 대비",
    "Last month": "최근 달",
    "Trend": "추세",
    "Click a touchpoint to see its low ratings and the notes behind them.":
        "접점을 누르면 낮은 평가와 그 메모가 보입니다.",
    "When": "일시",
    "Score": "점수",
    "Source": "출처",
    "survey": "고객 설문",
    "staff": "직원 입력",
    "Note": "메모",
    "From": "기간",
    "Month by month: average (ratings)": "월별: 평균 (평가 수)",
    "No touchpoint ratings in this period yet: rate them when you log a contact (Ctrl+L) or let customers use the "
    "counter survey.":
        "이 기간에 접점 평가가 아직 없습니다. 접촉을 기록할 때(Ctrl+L) 평가하거나 고객에게 매장 설문을 부탁하세요.",
    "Overall satisfaction {overall}: the product of every touchpoint's share of the best score, so one weak moment "
    "pulls the whole visit down.":
        "전체 만족도 {overall}: 접점마다 만점 대비 비율을 곱한 값이라, 한 접점이 약하면 방문 전체가 낮아집니다"
        "(곱셈의 법칙).",
    " Would you recommend us (NPS, kept apart): {nps} from {n} answers.":
        " 추천 의향(NPS, 따로 집계): {n}명 응답, {nps}.",
    "Only {name} is rated so far.": "아직 {name}만 평가되었습니다.",
    "Weakest: {name} ({average}). If it matched the average of the others ({others}), the overall score would rise "
    "from {before} to {after}.":
        "가장 약한 접점: {name} ({average}). 이 접점이 나머지의 평균({others})만큼 되면 전체 만족도가 "
        "{before}에서 {after}(으)로 오릅니다.",
    "{name}: {n} low ratings (1-2) in this period, newest first": "{name}: 이 기간 낮은 평가(1~2) {n}건, 최근 순",
    "Staff only": "직원 전용",
    "Leave the survey": "설문 닫기",
    "Back to the survey": "설문으로 돌아가기",
    "A staff member's password or PIN closes the survey screen.": "직원 비밀번호나 PIN을 넣어야 설문 화면이 닫힙니다.",
    "Name": "이름",
    "Password or PIN": "비밀번호 또는 PIN",
    "No staff account can sign in.": "로그인할 수 있는 직원 계정이 없습니다.",
    "How was your visit?": "오늘 방문은 어떠셨나요?",
    "Staff": "직원",
    "How was your visit today?": "오늘 방문은 어떠셨나요?",
    "A few taps, one question at a time. Thank you for helping us do better.":
        "한 번에 한 질문, 몇 번만 눌러 주세요. 더 나은 가게가 되도록 도와주셔서 고맙습니다.",
    "Start": "시작",
    "Very poor": "매우 나쁨",
    "Poor": "나쁨",
    "Okay": "보통",
    "Good": "좋음",
    "Excellent": "매우 좋음",
    "Skip this question": "이 질문 건너뛰기",
    "How likely are you to recommend us to a friend?": "친구에게 저희 가게를 추천하실 가능성은 얼마나 되나요?",
    "0 = not at all · 10 = certainly": "0 = 전혀 아님 · 10 = 꼭 추천",
    "Add this to your membership card?": "회원 카드에 남길까요?",
    "Type the last four digits of your phone number, or stay anonymous. Your answers go on your card only if you "
    "agreed to us keeping your details.":
        "휴대폰 번호 뒤 네 자리를 누르거나 익명으로 남기세요. 개인정보 수집에 동의하신 경우에만 회원 카드에 "
        "기록됩니다.",
    "Stay anonymous": "익명으로 남기기",
    "Thank you!": "감사합니다!",
    "Your answers help us make every visit better.": "말씀해 주신 내용으로 더 나은 방문을 만들겠습니다.",
    "Close the survey screen?": "설문 화면을 닫을까요?",
    "Ratings 1-5": "평가 1~5",
    "{name}: 1 (very poor) to 5 (excellent); empty = not rated": "{name}: 1(매우 나쁨)~5(매우 좋음), 비우면 평가 안 함",
    "Hand over {name}'s customers": "{name} 담당 고객 넘기기",
    "Nobody (leave them without a main contact)": "아무도 없음 (담당 직원 없이 둠)",
    "Deactivate and hand over": "비활성화하고 넘기기",
    "{name} is the main contact of {n} customers. Who looks after them now?":
        "{name}은(는) 고객 {n}명의 담당 직원입니다. 이제 누가 맡을까요?",
    "Sales": "판매",
    "Revenue": "매출",
    "Regulars served": "단골 응대",
    "Main contact for": "담당 고객",
    "Complaints about": "본인 관련 불만",
    "Compliments": "칭찬",
    "Avg rating": "평균 평가",
    "{n} customers handed over.": "고객 {n}명을 넘겼습니다.",
    "Main contact": "담당 직원",
    "About staff member": "관련 직원",
    "Use": "지정",
    "Served most by {name} ({n} times)": "가장 많이 응대: {name} ({n}회)",
    "Main contact saved.": "담당 직원을 저장했습니다.",
    "Give the touchpoint a name (English or Korean).": "접점 이름을 넣으세요 (영어나 한국어).",
    "This touchpoint is not on the shop's list any more.": "이 접점은 더 이상 가게 목록에 없습니다.",
    "A rating is a whole number from 1 to 5.": "평가는 1부터 5까지의 정수입니다.",
    "The recommendation answer is a number from 0 to 10.": "추천 의향은 0부터 10까지의 숫자입니다.",
    "Hand the customers over to someone else.": "다른 직원에게 고객을 넘기세요.",
    "Choose an active staff member.": "활성 직원을 고르세요.",
    "Touchpoints…": "접점 관리…",
    "Touchpoints": "접점",
    "English": "영어",
    "Korean": "한국어",
    "In use": "사용",
    "Add": "추가",
    "Up": "위로",
    "Down": "아래로",
    "Save": "저장",
    "Close": "닫기",
    "Each touchpoint is rated 1 to 5 in Ctrl+L and on the counter survey, in this order. One switched off keeps "
    "its ratings.":
        "각 접점은 Ctrl+L과 매장 설문에서 이 순서로 1~5점으로 평가됩니다. 사용을 끈 접점도 평가 기록은 남습니다.",
    "Row {n}: {problem}": "{n}행: {problem}",
    "The counter survey ends with \"Would you recommend us?\" (0 to 10)":
        "매장 설문 끝에 \"저희 가게를 추천하시겠어요?\"(0~10점)를 묻습니다",
    # the lifecycle view in the new stage names (one vocabulary)
    "Write every overdue and gone-quiet customer to a CSV or Excel file":
        "방문 지연·발길 뜸함 고객 전부를 CSV 또는 엑셀 파일로 저장",
    "As of {day}. The shop's return window is {window} (8 in 10 return visits come within it); a customer is "
    "overdue when silent beyond twice their usual gap and one window, gone quiet beyond four times and two "
    "windows, gone beyond eight times and four.":
        "{day} 기준. 가게의 재방문 주기는 {window}입니다(재방문 10번 중 8번이 이 안에). 평소 간격의 2배와 재방문 "
        "주기 1번을 넘게 오지 않으면 방문 지연, 4배와 2번을 넘으면 발길 뜸함, 8배와 4번을 넘으면 발길 끊김입니다.",
    "Win them back: {count} overdue and gone-quiet customers, {value} so far":
        "다시 불러올 고객: 방문 지연·발길 뜸함 {count}명, 지금까지 구매액 {value}",
}
