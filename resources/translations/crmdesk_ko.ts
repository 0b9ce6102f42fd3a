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
