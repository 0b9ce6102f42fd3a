<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR" sourcelanguage="en">
<context>
    <name>CustomerCard</name>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>이메일</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>생일</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>주소</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>태그</translation>
    </message>
    <message>
        <source>Customer code</source>
        <translation>고객코드</translation>
    </message>
    <message>
        <source>First seen</source>
        <translation>첫 방문일</translation>
    </message>
    <message>
        <source>VIP, regular, ...</source>
        <translation>VIP, 단골, ...</translation>
    </message>
    <message>
        <source>code in the POS</source>
        <translation>POS에서 쓰는 코드</translation>
    </message>
    <message>
        <source>Lunar calendar</source>
        <translation>음력</translation>
    </message>
    <message>
        <source>Agrees to marketing messages</source>
        <translation>마케팅 메시지 수신에 동의함</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>성별</translation>
    </message>
    <message>
        <source>Came via</source>
        <translation>유입 경로</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>수신 동의</translation>
    </message>
    <message>
        <source>Memo</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <source>Save the changes (Ctrl+S)</source>
        <translation>변경 내용 저장 (Ctrl+S)</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>되돌리기</translation>
    </message>
    <message>
        <source>No customer selected</source>
        <translation>선택한 고객 없음</translation>
    </message>
    <message>
        <source>Pick a customer in the list, or press Ctrl+N to add one.</source>
        <translation>목록에서 고객을 선택하거나 Ctrl+N을 눌러 새 고객을 추가하세요.</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>저장하지 않은 변경 사항</translation>
    </message>
    <message>
        <source>Save the changes to {name}&apos;s card?</source>
        <translation>{name} 님 카드의 변경 사항을 저장할까요?</translation>
    </message>
    <message>
        <source>{name} (archived)</source>
        <translation>{name} (보관됨)</translation>
    </message>
    <message>
        <source>Visits: {visits} · Spent: {total} · Per visit: {average} · Last purchase: {last}</source>
        <translation>방문 {visits}회 · 구매 {total} · 회당 {average} · 최근 구매 {last}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>since {date}</source>
        <translation>{date}부터</translation>
    </message>
    <message>
        <source>withdrawn on {date}</source>
        <translation>{date} 철회</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>복원</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>보관</translation>
    </message>
    <message>
        <source>Purchases ({count})</source>
        <translation>구매 내역 ({count}건)</translation>
    </message>
    <message>
        <source>Not saved: correct the fields marked in red.</source>
        <translation>저장하지 못했습니다. 빨간색으로 표시된 항목을 고쳐 주세요.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>저장했습니다.</translation>
    </message>
</context>
<context>
    <name>CustomerTableModel</name>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>태그</translation>
    </message>
    <message>
        <source>Last purchase</source>
        <translation>최근 구매</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>방문</translation>
    </message>
    <message>
        <source>Total spent</source>
        <translation>총 구매액</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>코드</translation>
    </message>
</context>
<context>
    <name>CustomersScreen</name>
    <message>
        <source>Search: name, initials (ㄱㅁㅅ), last 4 phone digits, e-mail, code, tag</source>
        <translation>검색: 이름, 초성(ㄱㅁㅅ), 전화번호 뒤 4자리, 이메일, 코드, 태그</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>보관됨</translation>
    </message>
    <message>
        <source>Show archived customers instead of active ones</source>
        <translation>현재 고객 대신 보관된 고객을 표시합니다</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>새 고객</translation>
    </message>
    <message>
        <source>Add a customer with just a name and a phone (Ctrl+N)</source>
        <translation>이름과 전화번호만으로 고객 추가 (Ctrl+N)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>실행 취소</translation>
    </message>
    <message>
        <source>Found: {count}</source>
        <translation>검색 결과: {count}명</translation>
    </message>
    <message>
        <source>Archived customers: {count}</source>
        <translation>보관된 고객: {count}명</translation>
    </message>
    <message>
        <source>Customers: {count}</source>
        <translation>고객: {count}명</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>저장했습니다.</translation>
    </message>
    <message>
        <source>{name} was archived.</source>
        <translation>{name} 님을 보관했습니다.</translation>
    </message>
    <message>
        <source>{name} is back in the customer list.</source>
        <translation>{name} 님을 고객 목록으로 복원했습니다.</translation>
    </message>
</context>
<context>
    <name>ExportSales</name>
    <message>
        <source>Export sales</source>
        <translation>판매 내역 내보내기</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv);;CSV, CP949 for older software (*.csv)</source>
        <translation>Excel 통합 문서 (*.xlsx);;CSV, UTF-8 (*.csv);;CSV, CP949 - 예전 프로그램용 (*.csv)</translation>
    </message>
    <message>
        <source>%1 purchase lines exported to %2.</source>
        <translation>판매 품목 %1건을 %2(으)로 내보냈습니다.</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>Choose a file</source>
        <translation>파일 선택</translation>
    </message>
    <message>
        <source>A CSV or Excel (.xlsx) export from your POS, or a customer list.</source>
        <translation>POS에서 내려받은 CSV 또는 Excel(.xlsx) 파일, 또는 고객 명단입니다.</translation>
    </message>
    <message>
        <source>Sales (purchase lines)</source>
        <translation>판매 내역 (품목별)</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>고객</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Detect</source>
        <translation>자동 인식</translation>
    </message>
    <message>
        <source>Comma</source>
        <translation>쉼표</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>탭</translation>
    </message>
    <message>
        <source>Semicolon</source>
        <translation>세미콜론</translation>
    </message>
    <message>
        <source>Vertical bar</source>
        <translation>세로 막대</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>가져올 내용</translation>
    </message>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>Text encoding</source>
        <translation>문자 인코딩</translation>
    </message>
    <message>
        <source>Separator</source>
        <translation>구분자</translation>
    </message>
    <message>
        <source>Import file</source>
        <translation>가져올 파일</translation>
    </message>
    <message>
        <source>CSV or Excel files (*.csv *.tsv *.txt *.xlsx)</source>
        <translation>CSV 또는 Excel 파일 (*.csv *.tsv *.txt *.xlsx)</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import</source>
        <translation>가져오기</translation>
    </message>
    <message>
        <source>Customer code</source>
        <translation>고객번호</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>이메일</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>생일</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>거래일시</translation>
    </message>
    <message>
        <source>Amount (line total)</source>
        <translation>금액 (품목 합계)</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>수량</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>상품명</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>분류</translation>
    </message>
    <message>
        <source>Receipt no.</source>
        <translation>영수증번호</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>담당자</translation>
    </message>
    <message>
        <source>Excel workbook, first sheet</source>
        <translation>Excel 통합 문서, 첫 번째 시트</translation>
    </message>
    <message>
        <source>comma</source>
        <translation>쉼표</translation>
    </message>
    <message>
        <source>tab</source>
        <translation>탭</translation>
    </message>
    <message>
        <source>semicolon</source>
        <translation>세미콜론</translation>
    </message>
    <message>
        <source>vertical bar</source>
        <translation>세로 막대</translation>
    </message>
    <message>
        <source>%1 text, separated by %2</source>
        <translation>%1 텍스트, %2(으)로 구분</translation>
    </message>
    <message>
        <source>%1: %2; %3 columns, header in row %4.</source>
        <translation>%1: %2, 열 %3개, 제목은 %4행.</translation>
    </message>
    <message>
        <source>already imported</source>
        <translation>이미 가져옴</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>건너뜀</translation>
    </message>
    <message>
        <source>new customer</source>
        <translation>새 고객</translation>
    </message>
    <message>
        <source>existing customer</source>
        <translation>기존 고객</translation>
    </message>
    <message>
        <source>walk-in</source>
        <translation>비회원</translation>
    </message>
    <message>
        <source>“%1” is not a date (write it like 2024-01-31 13:05)</source>
        <translation>“%1”은(는) 날짜가 아닙니다 (2024-01-31 13:05처럼 적어 주세요)</translation>
    </message>
    <message>
        <source>no date</source>
        <translation>날짜가 없습니다</translation>
    </message>
    <message>
        <source>“%1” is not an amount</source>
        <translation>“%1”은(는) 금액이 아닙니다</translation>
    </message>
    <message>
        <source>no amount</source>
        <translation>금액이 없습니다</translation>
    </message>
    <message>
        <source>a negative amount (a refund?) is not imported</source>
        <translation>음수 금액(환불?)은 가져오지 않습니다</translation>
    </message>
    <message>
        <source>the amount %1 is implausibly large</source>
        <translation>금액 %1은(는) 너무 큽니다</translation>
    </message>
    <message>
        <source>“%1” is not a whole quantity</source>
        <translation>“%1”은(는) 정수 수량이 아닙니다</translation>
    </message>
    <message>
        <source>a negative quantity (a return?) is not imported</source>
        <translation>음수 수량(반품?)은 가져오지 않습니다</translation>
    </message>
    <message>
        <source>a quantity of 0</source>
        <translation>수량이 0입니다</translation>
    </message>
    <message>
        <source>the quantity %1 is implausibly large</source>
        <translation>수량 %1은(는) 너무 큽니다</translation>
    </message>
    <message>
        <source>“%1” is too short for a phone number</source>
        <translation>“%1”은(는) 전화번호로는 너무 짧습니다</translation>
    </message>
    <message>
        <source>“%1” is not a phone number</source>
        <translation>“%1”은(는) 전화번호가 아닙니다</translation>
    </message>
    <message>
        <source>“%1” is not an e-mail address</source>
        <translation>“%1”은(는) 이메일 주소가 아닙니다</translation>
    </message>
    <message>
        <source>the text is too long for this field</source>
        <translation>이 항목에 넣기에는 글이 너무 깁니다</translation>
    </message>
    <message>
        <source>a cell of more than 10,000 characters; is this the right file?</source>
        <translation>10,000자가 넘는 칸이 있습니다. 올바른 파일인가요?</translation>
    </message>
    <message>
        <source>no customer code, name, phone or e-mail</source>
        <translation>고객번호, 이름, 전화번호, 이메일이 모두 비어 있습니다</translation>
    </message>
    <message>
        <source>a new customer needs a name</source>
        <translation>새 고객에는 이름이 필요합니다</translation>
    </message>
    <message>
        <source>Would import %1 of %2 rows as %3 purchases.</source>
        <translation>%2행 중 %1행을 구매 %3건으로 가져올 예정입니다.</translation>
    </message>
    <message>
        <source>Imported %1 of %2 rows as %3 purchases.</source>
        <translation>%2행 중 %1행을 구매 %3건으로 가져왔습니다.</translation>
    </message>
    <message>
        <source>Customers: %1 new, %2 existing ones matched. New products: %3.</source>
        <translation>고객: 새 고객 %1명, 기존 고객 %2명과 연결. 새 상품: %3개.</translation>
    </message>
    <message>
        <source>Would import %1 of %2 rows.</source>
        <translation>%2행 중 %1행을 가져올 예정입니다.</translation>
    </message>
    <message>
        <source>Imported %1 of %2 rows.</source>
        <translation>%2행 중 %1행을 가져왔습니다.</translation>
    </message>
    <message>
        <source>Customers: %1 new, %2 completed, %3 matched.</source>
        <translation>고객: 새 고객 %1명, 빈 정보 보충 %2명, 기존 고객과 연결 %3명.</translation>
    </message>
    <message>
        <source>%1 rows were imported before and are left alone.</source>
        <translation>%1행은 이전에 이미 가져와서 그대로 둡니다.</translation>
    </message>
    <message>
        <source>%1 rows will be skipped; the report after the import lists each with its reason.</source>
        <translation>%1행은 건너뜁니다. 가져오기가 끝나면 보고서에 행마다 이유가 나옵니다.</translation>
    </message>
    <message>
        <source>%1 rows were skipped; they are listed below.</source>
        <translation>%1행을 건너뛰었습니다. 아래에 목록이 있습니다.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Customers</source>
        <translation>고객</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>&amp;Data</source>
        <translation>데이터(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>가져오기(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Export sales…</source>
        <translation>판매 내역 내보내기(&amp;E)…</translation>
    </message>
    <message>
        <source>Creating the demo café…</source>
        <translation>데모 카페를 만드는 중…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>The demo café is ready.</source>
        <translation>데모 카페가 준비되었습니다.</translation>
    </message>
    <message>
        <source>Demo café</source>
        <translation>데모 카페</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <source>Match the columns</source>
        <translation>열 맞추기</translation>
    </message>
    <message>
        <source>Each column of the file goes into a field; suggestions come from the headers.</source>
        <translation>파일의 각 열을 어느 항목으로 가져올지 정합니다. 제목을 보고 미리 골라 두었습니다.</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>파일의 열</translation>
    </message>
    <message>
        <source>First value</source>
        <translation>첫 번째 값</translation>
    </message>
    <message>
        <source>Import as</source>
        <translation>가져올 항목</translation>
    </message>
    <message>
        <source>Name, e.g. the POS&apos;s name</source>
        <translation>이름 (예: POS 이름)</translation>
    </message>
    <message>
        <source>Save as preset</source>
        <translation>설정 저장</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>저장된 설정</translation>
    </message>
    <message>
        <source>— do not import —</source>
        <translation>— 가져오지 않음 —</translation>
    </message>
    <message>
        <source>(suggested from the headers)</source>
        <translation>(제목에서 추천)</translation>
    </message>
    <message>
        <source>Preset %1 saved.</source>
        <translation>설정 %1을(를) 저장했습니다.</translation>
    </message>
    <message>
        <source>Choose the columns holding the date and the amount.</source>
        <translation>날짜와 금액이 들어 있는 열을 골라 주세요.</translation>
    </message>
    <message>
        <source>Choose at least a column with the name, phone, e-mail or customer code.</source>
        <translation>이름, 전화번호, 이메일, 고객번호 중 적어도 한 열을 골라 주세요.</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>가져오기</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Enter the customer&apos;s name.</source>
        <translation>고객 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>A phone number needs at least 7 digits, e.g. 010-1234-5678.</source>
        <translation>전화번호는 숫자 7자리 이상으로 입력하세요. (예: 010-1234-5678)</translation>
    </message>
    <message>
        <source>This is not a valid phone number; write it like 010-1234-5678.</source>
        <translation>올바른 전화번호가 아닙니다. 010-1234-5678처럼 입력하세요.</translation>
    </message>
    <message>
        <source>An e-mail address looks like name@example.com.</source>
        <translation>이메일 주소는 name@example.com처럼 입력하세요.</translation>
    </message>
    <message>
        <source>Write the date like 1990-05-17 (or 1990.05.17, 19900517).</source>
        <translation>날짜는 1990-05-17처럼 입력하세요. (1990.05.17, 19900517도 가능)</translation>
    </message>
    <message>
        <source>Choose a gender from the list, or leave it empty.</source>
        <translation>성별은 목록에서 선택하거나 비워 두세요.</translation>
    </message>
    <message>
        <source>Shorten the name to at most 100 characters.</source>
        <translation>이름은 100자 이내로 줄여 주세요.</translation>
    </message>
    <message>
        <source>This date lies in the future; check the year.</source>
        <translation>미래 날짜입니다. 연도를 확인해 주세요.</translation>
    </message>
    <message>
        <source>This date is before 1900; check the year.</source>
        <translation>1900년 이전 날짜입니다. 연도를 확인해 주세요.</translation>
    </message>
    <message>
        <source>Pick from the list how the customer found the shop.</source>
        <translation>고객이 매장을 알게 된 경로를 목록에서 선택하세요.</translation>
    </message>
    <message>
        <source>This is too long; shorten it.</source>
        <translation>너무 깁니다. 줄여 주세요.</translation>
    </message>
    <message>
        <source>This customer code already belongs to another customer.</source>
        <translation>이 고객코드는 이미 다른 고객이 사용하고 있습니다.</translation>
    </message>
    <message>
        <source>Walk-in</source>
        <translation>직접 방문</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>지인 추천</translation>
    </message>
    <message>
        <source>Social media</source>
        <translation>SNS</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>온라인</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>이벤트</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>전화</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>기타</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>여성</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>남성</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Preview and dry run</source>
        <translation>미리 보기와 시험 실행</translation>
    </message>
    <message>
        <source>Nothing has been written yet.</source>
        <translation>아직 아무것도 저장하지 않았습니다.</translation>
    </message>
    <message>
        <source>Reading the whole file…</source>
        <translation>파일 전체를 읽는 중…</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>행</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>고객</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>비고</translation>
    </message>
    <message>
        <source>This file cannot be imported: %1</source>
        <translation>이 파일은 가져올 수 없습니다: %1</translation>
    </message>
</context>
<context>
    <name>PurchaseHistoryModel</name>
    <message>
        <source>Date</source>
        <translation>일시</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>품목</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>합계</translation>
    </message>
</context>
<context>
    <name>QuickAddDialog</name>
    <message>
        <source>New customer</source>
        <translation>새 고객</translation>
    </message>
    <message>
        <source>Open that card</source>
        <translation>그 고객 카드 열기</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <source> and {n} more</source>
        <translation> 외 {n}명</translation>
    </message>
    <message>
        <source>{phone} already belongs to {name}{extra}. Is this the same person?</source>
        <translation>{phone} 번호는 이미 {name}{extra}에게 등록되어 있습니다. 같은 분인가요?</translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
    <message>
        <source>Import report</source>
        <translation>가져오기 결과</translation>
    </message>
    <message>
        <source>What the import did, and every row it skipped with the reason.</source>
        <translation>가져온 내용과, 건너뛴 행마다 그 이유입니다.</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>행</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>열</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>이유</translation>
    </message>
    <message>
        <source>The import was cancelled. Nothing was written: the database is as it was.</source>
        <translation>가져오기를 취소했습니다. 아무것도 저장하지 않았고 데이터베이스는 그대로입니다.</translation>
    </message>
    <message>
        <source>The import was refused and nothing was written: %1</source>
        <translation>가져오기가 거부되어 아무것도 저장하지 않았습니다: %1</translation>
    </message>
    <message>
        <source>The skipped rows are saved in %1, with the reason beside each.</source>
        <translation>건너뛴 행은 이유와 함께 %1에 저장했습니다.</translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message>
        <source>Importing</source>
        <translation>가져오는 중</translation>
    </message>
    <message>
        <source>All or nothing: a cancel or an error leaves the database as it was.</source>
        <translation>전부 가져오거나 하나도 가져오지 않습니다. 취소하거나 오류가 나면 데이터베이스는 그대로입니다.</translation>
    </message>
    <message>
        <source>Cancel the import</source>
        <translation>가져오기 취소</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>가져오는 중…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>취소하는 중…</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <source>Same as the system</source>
        <translation>시스템 설정 따르기</translation>
    </message>
    <message>
        <source>Shown in the window title</source>
        <translation>창 제목에 표시됩니다</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>매장 이름</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>데이터베이스</translation>
    </message>
    <message>
        <source>Start crmdesk with --db FILE, or set CRMDESK_DB, to open another database.</source>
        <translation>다른 데이터베이스를 열려면 crmdesk를 --db FILE 옵션으로 실행하거나 CRMDESK_DB 환경 변수를 설정하세요.</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>설정을 저장했습니다.</translation>
    </message>
</context>
<context>
    <name>StaffPicker</name>
    <message>
        <source>(nobody)</source>
        <translation>(선택 안 함)</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <source>Welcome to crmdesk</source>
        <translation>crmdesk에 오신 것을 환영합니다</translation>
    </message>
    <message>
        <source>This database has no customers yet. Add your first customer, or explore a demo café with 2,000 customers and three years of purchases.</source>
        <translation>이 데이터베이스에는 아직 고객이 없습니다. 첫 고객을 추가하거나, 고객 2,000명과 3년간의 구매 내역이 담긴 데모 카페를 둘러보세요.</translation>
    </message>
    <message>
        <source>Load the demo café</source>
        <translation>데모 카페 불러오기</translation>
    </message>
    <message>
        <source>Add a customer (Ctrl+N)</source>
        <translation>고객 추가 (Ctrl+N)</translation>
    </message>
</context>
</TS>
