<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR" sourcelanguage="en">
<context>
    <name>Accessibility</name>
    <message>
        <source>Screens</source>
        <translation>화면</translation>
    </message>
    <message>
        <source>Customer list</source>
        <translation>고객 목록</translation>
    </message>
    <message>
        <source>Search customers</source>
        <translation>고객 검색</translation>
    </message>
    <message>
        <source>Purchase history</source>
        <translation>구매 내역</translation>
    </message>
    <message>
        <source>Timeline of contacts, purchases and feedback</source>
        <translation>연락·구매·피드백 타임라인</translation>
    </message>
    <message>
        <source>Consent history</source>
        <translation>동의 이력</translation>
    </message>
    <message>
        <source>Points history</source>
        <translation>포인트 내역</translation>
    </message>
    <message>
        <source>Suggested products</source>
        <translation>추천 상품</translation>
    </message>
    <message>
        <source>Follow-ups due</source>
        <translation>해야 할 후속 연락</translation>
    </message>
    <message>
        <source>Birthdays</source>
        <translation>생일</translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation>피드백</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>캠페인</translation>
    </message>
    <message>
        <source>Campaign results</source>
        <translation>캠페인 결과</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>직원</translation>
    </message>
    <message>
        <source>Possible duplicates</source>
        <translation>중복 의심 고객</translation>
    </message>
    <message>
        <source>Segments by recency and frequency</source>
        <translation>최근성·빈도별 세그먼트</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>감사 기록</translation>
    </message>
    <message>
        <source>Customers past the retention period</source>
        <translation>보관 기간이 지난 고객</translation>
    </message>
    <message>
        <source>Customers to win back</source>
        <translation>다시 찾아오게 할 고객</translation>
    </message>
    <message>
        <source>Touchpoint scores</source>
        <translation>접점별 점수</translation>
    </message>
    <message>
        <source>Touchpoint averages by month</source>
        <translation>월별 접점 평균</translation>
    </message>
    <message>
        <source>Low ratings and their notes</source>
        <translation>낮은 평가와 메모</translation>
    </message>
    <message>
        <source>Revenue chart</source>
        <translation>매출 차트</translation>
    </message>
    <message>
        <source>Customer segments chart</source>
        <translation>고객 세그먼트 차트</translation>
    </message>
    <message>
        <source>Customer stages chart</source>
        <translation>고객 단계 차트</translation>
    </message>
    <message>
        <source>Share of revenue by customers chart</source>
        <translation>고객별 매출 비중 차트</translation>
    </message>
    <message>
        <source>Customers by recency and frequency grid</source>
        <translation>최근성·빈도별 고객 표</translation>
    </message>
    <message>
        <source>Customers coming back by first month grid</source>
        <translation>첫 구매 달별 재구매 고객 표</translation>
    </message>
    <message>
        <source>Customers to hand over</source>
        <translation>넘겨줄 고객</translation>
    </message>
    <message>
        <source>Hand them over to</source>
        <translation>넘겨받을 직원</translation>
    </message>
    <message>
        <source>Touchpoints of the counter survey</source>
        <translation>카운터 설문의 접점</translation>
    </message>
    <message>
        <source>Birthdays in</source>
        <translation>생일 기간</translation>
    </message>
    <message>
        <source>Recipient file encoding</source>
        <translation>수신자 파일 인코딩</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <source>Every action</source>
        <translation>모든 행위</translation>
    </message>
    <message>
        <source>customer #</source>
        <translation>고객 번호</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>보기</translation>
    </message>
    <message>
        <source>Show the audit log</source>
        <translation>감사 기록 보기</translation>
    </message>
    <message>
        <source>When</source>
        <translation>시각</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>누가</translation>
    </message>
    <message>
        <source>command line</source>
        <translation>명령줄</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>행위</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>고객</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>내용</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>사람</translation>
    </message>
    <message>
        <source>From</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>To</source>
        <translation>끝</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>모두</translation>
    </message>
    <message>
        <source>The customer is a number, such as 42.</source>
        <translation>고객은 번호로 입력하세요(예: 42).</translation>
    </message>
    <message>
        <source>{count} entries (the newest {limit} when there are more)</source>
        <translation>{count}건 (더 많으면 최근 {limit}건만)</translation>
    </message>
    <message>
        <source>{count} entries</source>
        <translation>{count}건</translation>
    </message>
</context>
<context>
    <name>Backups</name>
    <message>
        <source>crmdesk cannot open the database</source>
        <translation>crmdesk가 데이터베이스를 열 수 없습니다</translation>
    </message>
    <message>
        <source>%1

Restore a backup over it? The file as it is now is kept in the backups folder.</source>
        <translation>%1

백업으로 복원할까요? 지금 상태의 파일은 backups 폴더에 보관됩니다.</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>백업 복원</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>복원됨</translation>
    </message>
    <message>
        <source>The damaged database could not be read, so who was erased in it is unknown. Customers erased after the newest readable backup may be back: check the customer list and erase them again.</source>
        <translation>손상된 데이터베이스를 읽을 수 없어 그 안에서 누가 파기되었는지 알 수 없습니다. 읽을 수 있는 가장 최근 백업 이후에 파기한 고객이 되살아났을 수 있으니 고객 목록을 확인하고 다시 파기하세요.</translation>
    </message>
    <message>
        <source>Not restored</source>
        <translation>복원하지 않았습니다</translation>
    </message>
</context>
<context>
    <name>BackupsGroup</name>
    <message>
        <source>Backups</source>
        <translation>백업</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>지금 백업</translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation>복원…</translation>
    </message>
    <message>
        <source>This is a server database: back it up with the server&apos;s own tools.</source>
        <translation>서버 데이터베이스입니다. 서버의 백업 도구로 백업하세요.</translation>
    </message>
    <message>
        <source>Last backup: %1 (%2 kept in %3). crmdesk also backs up when it closes and once a day.</source>
        <translation>마지막 백업: %1 (%3에 %2개 보관). crmdesk는 종료할 때와 하루에 한 번 자동으로도 백업합니다.</translation>
    </message>
    <message>
        <source>No backup yet. crmdesk backs up into %1 when it closes and once a day.</source>
        <translation>아직 백업이 없습니다. crmdesk는 종료할 때와 하루에 한 번 %1에 백업합니다.</translation>
    </message>
    <message>
        <source>Backup failed</source>
        <translation>백업 실패</translation>
    </message>
    <message>
        <source>Backed up to %1.</source>
        <translation>%1에 백업했습니다.</translation>
    </message>
    <message>
        <source>Remove those backups…</source>
        <translation>해당 백업 삭제…</translation>
    </message>
    <message numerus="yes">
        <source>%n backup(s) still hold customers erased since they were taken. Remove them once a newer backup exists.</source>
        <translation>
            <numerusform>백업 %n개에 그 뒤 파기된 고객의 정보가 아직 남아 있습니다. 더 새로운 백업이 생긴 뒤 삭제하세요.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete the %n backup(s) that still hold erased customers? This cannot be undone.</source>
        <translation>
            <numerusform>파기된 고객 정보가 남아 있는 백업 %n개를 삭제할까요? 되돌릴 수 없습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %n backup(s).</source>
        <translation>
            <numerusform>백업 %n개를 삭제했습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>백업 복원</translation>
    </message>
    <message>
        <source>Replace the database with the backup %1?

Everything saved since that backup is replaced. The current database is saved in the backups folder first, so this can be undone.</source>
        <translation>데이터베이스를 백업 %1(으)로 바꿀까요?

그 백업 이후에 저장한 내용은 모두 바뀝니다. 현재 데이터베이스는 먼저 backups 폴더에 저장되므로 되돌릴 수 있습니다.</translation>
    </message>
    <message>
        <source>Not restored</source>
        <translation>복원하지 않았습니다</translation>
    </message>
    <message>
        <source>The database was restored from %1.</source>
        <translation>%1에서 데이터베이스를 복원했습니다.</translation>
    </message>
    <message>
        <source>The database it replaced was saved as %1.</source>
        <translation>바뀌기 전 데이터베이스는 %1(으)로 저장했습니다.</translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) erased since that backup were in it; they were erased again.</source>
        <translation>
            <numerusform>그 백업 이후 삭제한 고객 %n명이 백업에 들어 있어 다시 삭제했습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Warning: the database that was replaced could not be read, so who was erased in it is unknown. Customers erased after the newest readable backup may be back: check the customer list and erase them again.</source>
        <translation>경고: 교체된 데이터베이스를 읽을 수 없어 그 안에서 누가 파기되었는지 알 수 없습니다. 읽을 수 있는 가장 최근 백업 이후에 파기한 고객이 되살아났을 수 있으니 고객 목록을 확인하고 다시 파기하세요.</translation>
    </message>
    <message>
        <source>Warning: this backup was taken before sign-in was on, so sign-in is off now and anyone at this PC opens the database. Give an owner a password again on the Staff screen.</source>
        <translation>경고: 이 백업은 로그인을 켜기 전에 만든 것이라 지금은 로그인이 꺼져 있고, 이 PC의 누구나 데이터베이스를 열 수 있습니다. 직원 화면에서 사장님 비밀번호를 다시 정하세요.</translation>
    </message>
    <message>
        <source>Backup restored</source>
        <translation>백업 복원 완료</translation>
    </message>
</context>
<context>
    <name>BirthdaysScreen</name>
    <message>
        <source>This week</source>
        <translation>이번 주</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>이번 달</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>생일</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>고객</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>양력/음력</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>나이</translation>
    </message>
    <message>
        <source>Coupon</source>
        <translation>쿠폰</translation>
    </message>
    <message>
        <source>Issue birthday coupon</source>
        <translation>생일 쿠폰 발급</translation>
    </message>
    <message>
        <source>Open card</source>
        <translation>카드 열기</translation>
    </message>
    <message>
        <source>No birthdays in this period.</source>
        <translation>이 기간에 생일인 고객이 없습니다.</translation>
    </message>
    <message>
        <source>by</source>
        <translation>담당</translation>
    </message>
    <message>
        <source>{day} (today)</source>
        <translation>{day} (오늘)</translation>
    </message>
    <message>
        <source>lunar {month}/{day}</source>
        <translation>음력 {month}/{day}</translation>
    </message>
    <message>
        <source>solar</source>
        <translation>양력</translation>
    </message>
    <message>
        <source>Birthdays {start} – {end}: loading…</source>
        <translation>생일 {start} – {end}: 불러오는 중…</translation>
    </message>
    <message>
        <source>Birthdays {start} – {end}: {count}, coupon issued to {issued}</source>
        <translation>생일 {start} – {end}: {count}명, 쿠폰 발급 {issued}명</translation>
    </message>
    <message>
        <source>Birthday coupon</source>
        <translation>생일 쿠폰</translation>
    </message>
    <message>
        <source>{name} already received this year&apos;s coupon.</source>
        <translation>{name} 님은 올해 생일 쿠폰을 이미 받았습니다.</translation>
    </message>
    <message>
        <source>Birthday coupon {code} issued to {name}.</source>
        <translation>{name} 님에게 생일 쿠폰 {code}을(를) 발급했습니다.</translation>
    </message>
</context>
<context>
    <name>CallList</name>
    <message>
        <source>✓</source>
        <translation>✓</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>고객</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>등급</translation>
    </message>
    <message>
        <source>Last purchase</source>
        <translation>최근 구매</translation>
    </message>
    <message>
        <source>Spent</source>
        <translation>구매액</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>통화 결과</translation>
    </message>
    <message>
        <source>Call list: {name}</source>
        <translation>전화 목록: {name}</translation>
    </message>
    <message>
        <source>{start} – {end} · offer: {offer} · {n} customers</source>
        <translation>{start} – {end} · 혜택: {offer} · {n}명</translation>
    </message>
</context>
<context>
    <name>CampaignsScreen</name>
    <message>
        <source>Reactivate</source>
        <translation>재방문 유도</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>감사·보상</translation>
    </message>
    <message>
        <source>Cross-sell</source>
        <translation>교차 판매</translation>
    </message>
    <message>
        <source>Up-sell</source>
        <translation>상향 판매</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>생일</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>신규 환영</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>문자</translation>
    </message>
    <message>
        <source>KakaoTalk</source>
        <translation>카카오톡</translation>
    </message>
    <message>
        <source>Phone call</source>
        <translation>전화</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>이메일</translation>
    </message>
    <message>
        <source>In store</source>
        <translation>매장 안내</translation>
    </message>
    <message>
        <source>RFM segment</source>
        <translation>RFM 세그먼트</translation>
    </message>
    <message>
        <source>Lifecycle stage</source>
        <translation>고객 생애 단계</translation>
    </message>
    <message>
        <source>Loyalty tier</source>
        <translation>회원 등급</translation>
    </message>
    <message>
        <source>Birthday month</source>
        <translation>생일 월</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>가족</translation>
    </message>
    <message>
        <source>Bought category X, never Y</source>
        <translation>X 분류 구매, Y 분류 미구매</translation>
    </message>
    <message>
        <source>Family of a segment or tier</source>
        <translation>세그먼트·등급 고객의 가족 (세대 마케팅)</translation>
    </message>
    <message>
        <source>Coupon</source>
        <translation>쿠폰</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>할인</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>포인트</translation>
    </message>
    <message>
        <source>{n} without consent for this channel</source>
        <translation>이 채널 수신 동의 없음 {n}명</translation>
    </message>
    <message>
        <source>{n} without a phone number</source>
        <translation>전화번호 없음 {n}명</translation>
    </message>
    <message>
        <source>{n} without an e-mail address</source>
        <translation>이메일 없음 {n}명</translation>
    </message>
    <message>
        <source>Give the campaign a name.</source>
        <translation>캠페인 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>The campaign ends before it starts.</source>
        <translation>종료일이 시작일보다 빠릅니다.</translation>
    </message>
    <message>
        <source>Choose a segment from the list.</source>
        <translation>목록에서 세그먼트를 고르세요.</translation>
    </message>
    <message>
        <source>Choose a household from the list.</source>
        <translation>목록에서 가족을 고르세요.</translation>
    </message>
    <message>
        <source>Name the category bought, e.g. 커피|케이크 (never cake).</source>
        <translation>구매한 분류를 입력하세요. 예: 커피|케이크 (케이크는 미구매).</translation>
    </message>
    <message>
        <source>The control group is 0 to 90 %.</source>
        <translation>통제 그룹은 0~90 %입니다.</translation>
    </message>
    <message>
        <source>{n} withdrew consent since</source>
        <translation>그 뒤 수신 동의 철회 {n}명</translation>
    </message>
    <message>
        <source>{n} archived</source>
        <translation>보관된 고객 {n}명</translation>
    </message>
    <message>
        <source>{n} merged into another card</source>
        <translation>다른 카드로 병합됨 {n}명</translation>
    </message>
    <message>
        <source>{n} erased</source>
        <translation>개인정보 삭제됨 {n}명</translation>
    </message>
    <message>
        <source>{n} without night-time consent (21:00-08:00)</source>
        <translation>{n}명 야간 수신 동의 없음 (21시-08시)</translation>
    </message>
    <message>
        <source>Cannot write recipients to {file}: choose a file ending in .csv.</source>
        <translation>{file}에 수신자를 저장할 수 없습니다. 이름이 .csv로 끝나는 파일을 고르세요.</translation>
    </message>
    <message>
        <source>Cannot write {file}: the folder {folder} does not exist.</source>
        <translation>{file}을(를) 저장할 수 없습니다. {folder} 폴더가 없습니다.</translation>
    </message>
    <message>
        <source>Row {row} ({name}): “{char}” cannot be written in CP949. Choose UTF-8 and write the file again.</source>
        <translation>{row}행 ({name}): “{char}”은(는) CP949로 저장할 수 없습니다. UTF-8을 고르고 다시 저장하세요.</translation>
    </message>
    <message>
        <source>Cannot write {file}. If it is open in Excel, close it and try again.</source>
        <translation>{file}을(를) 저장할 수 없습니다. Excel에서 열려 있다면 닫고 다시 시도하세요.</translation>
    </message>
    <message>
        <source>{file} is a database; crmdesk never writes over one. Choose another file name.</source>
        <translation>{file}은(는) 데이터베이스 파일입니다. crmdesk는 데이터베이스를 덮어쓰지 않습니다. 다른 파일 이름을 고르세요.</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>캠페인</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>채널</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>기간</translation>
    </message>
    <message>
        <source>Targeted</source>
        <translation>발송 대상</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>반응률</translation>
    </message>
    <message>
        <source>Control</source>
        <translation>통제 그룹</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>그룹</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>인원</translation>
    </message>
    <message>
        <source>Responded</source>
        <translation>반응</translation>
    </message>
    <message>
        <source>By coupon</source>
        <translation>쿠폰 사용</translation>
    </message>
    <message>
        <source>Responded by redeeming the campaign&apos;s coupon; the other {n} by a purchase in the campaign&apos;s window only</source>
        <translation>캠페인 쿠폰을 사용해 반응한 고객; 나머지 {n}명은 캠페인 기간에 구매만 했습니다</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>반응률</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>매출</translation>
    </message>
    <message>
        <source>UTF-8 (Excel, most tools)</source>
        <translation>UTF-8 (엑셀, 대부분의 도구)</translation>
    </message>
    <message>
        <source>CP949 (older SMS tools)</source>
        <translation>CP949 (구형 문자 발송 도구)</translation>
    </message>
    <message>
        <source>Write recipient file…</source>
        <translation>수신자 파일 저장…</translation>
    </message>
    <message>
        <source>Call list (PDF)…</source>
        <translation>전화 목록 (PDF)…</translation>
    </message>
    <message>
        <source>New campaign</source>
        <translation>새 캠페인</translation>
    </message>
    <message>
        <source>bought|never, e.g. 커피|케이크</source>
        <translation>구매|미구매, 예: 커피|케이크</translation>
    </message>
    <message>
        <source>never bought</source>
        <translation>구매한 적 없음</translation>
    </message>
    <message>
        <source>no purchase in </source>
        <translation>최근 </translation>
    </message>
    <message>
        <source> months</source>
        <translation>개월간 구매 없음</translation>
    </message>
    <message>
        <source>e.g. 10% or 2,000</source>
        <translation>예: 10% 또는 2,000</translation>
    </message>
    <message>
        <source>code, e.g. AUTUMN10</source>
        <translation>코드, 예: AUTUMN10</translation>
    </message>
    <message>
        <source>Create campaign</source>
        <translation>캠페인 만들기</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Goal</source>
        <translation>목표</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>대상</translation>
    </message>
    <message>
        <source>Offer</source>
        <translation>혜택</translation>
    </message>
    <message>
        <source>Response window</source>
        <translation>반응 기간</translation>
    </message>
    <message>
        <source>Control group</source>
        <translation>통제 그룹</translation>
    </message>
    <message>
        <source>Month {n}</source>
        <translation>{n}월</translation>
    </message>
    <message>
        <source>{name} ({n})</source>
        <translation>{name} ({n}명)</translation>
    </message>
    <message>
        <source>Segment: {name}</source>
        <translation>세그먼트: {name}</translation>
    </message>
    <message>
        <source>Tier: {name}</source>
        <translation>등급: {name}</translation>
    </message>
    <message>
        <source>Campaign created.</source>
        <translation>캠페인을 만들었습니다.</translation>
    </message>
    <message>
        <source>Points given</source>
        <translation>포인트 지급 완료</translation>
    </message>
    <message>
        <source>Give {points} P to the {n:,} targeted</source>
        <translation>발송 대상 {n:,}명에게 {points} P 지급</translation>
    </message>
    <message>
        <source>No campaign yet: set one up on the right.</source>
        <translation>아직 캠페인이 없습니다. 오른쪽에서 만들어 보세요.</translation>
    </message>
    <message>
        <source>{goal} · {target} · {channel} · offer: {offer} · {start} – {end}
Selected {selected:,}: {targeted:,} targeted, {control:,} held back as control group ({percent} %, seed {seed}).</source>
        <translation>{goal} · {target} · {channel} · 혜택: {offer} · {start} – {end}
선택 {selected:,}명: 발송 대상 {targeted:,}명, 통제 그룹 {control:,}명 ({percent} %, 시드 {seed}).</translation>
    </message>
    <message>
        <source>Left out {n:,}: {reasons}.</source>
        <translation>제외 {n:,}명: {reasons}.</translation>
    </message>
    <message>
        <source>No one was left out.</source>
        <translation>제외된 고객이 없습니다.</translation>
    </message>
    <message>
        <source>Responses are purchases from the start day; counted to {day}.</source>
        <translation>반응은 시작일부터의 구매입니다. {day}까지 집계.</translation>
    </message>
    <message>
        <source>Response rate {target} against {control} without the campaign: {lift:+.1f} points (counted to {day}).</source>
        <translation>반응률 {target}, 캠페인 없이 {control}: {lift:+.1f}%p 차이 ({day}까지 집계).</translation>
    </message>
    <message>
        <source>Recipient file</source>
        <translation>수신자 파일</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <source>Wrote {n:,} recipients to {path}.</source>
        <translation>수신자 {n:,}명을 {path}에 저장했습니다.</translation>
    </message>
    <message>
        <source>Checked again just now: {n:,} more left out ({reasons}).</source>
        <translation>방금 다시 확인: {n:,}명 추가 제외 ({reasons}).</translation>
    </message>
    <message>
        <source>Points offer</source>
        <translation>포인트 혜택</translation>
    </message>
    <message>
        <source>Points given to {n:,} customers.</source>
        <translation>고객 {n:,}명에게 포인트를 지급했습니다.</translation>
    </message>
    <message>
        <source>Call list</source>
        <translation>전화 목록</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 파일 (*.pdf)</translation>
    </message>
    <message>
        <source>Call list of {n:,} customers saved to {path}.</source>
        <translation>{n:,}명의 전화 목록을 {path}에 저장했습니다.</translation>
    </message>
</context>
<context>
    <name>CardPrintDialog</name>
    <message>
        <source>Print the card of {name}</source>
        <translation>{name} 고객 카드 출력</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
</context>
<context>
    <name>CatalogueEditor</name>
    <message>
        <source>Products and costs</source>
        <translation>상품과 원가</translation>
    </message>
    <message>
        <source>What each product costs the shop (won per unit), or its margin as a percentage of the price; a product with neither takes its category&apos;s margin. Sales of products with no cost at all are left out of margin, and the figures say how much. Leave a cell empty for no figure.</source>
        <translation>상품마다 가게가 치르는 원가(개당 원) 또는 판매가 대비 마진율(%)을 넣으세요. 둘 다 없는 상품은 분류의 마진율을 씁니다. 원가가 전혀 없는 상품의 매출은 마진 계산에서 빠지며, 그 금액을 함께 보여 줍니다. 값이 없으면 칸을 비워 두세요.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>&amp;Products</source>
        <translation>상품(&amp;P)</translation>
    </message>
    <message>
        <source>C&amp;ategories</source>
        <translation>분류(&amp;A)</translation>
    </message>
    <message>
        <source>Products and their costs</source>
        <translation>상품과 원가</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>상품</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>분류</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>판매가</translation>
    </message>
    <message>
        <source>Cost (won)</source>
        <translation>원가(원)</translation>
    </message>
    <message>
        <source>Margin %</source>
        <translation>마진율 %</translation>
    </message>
    <message>
        <source>{product}: cost in won</source>
        <translation>{product}: 원가(원)</translation>
    </message>
    <message>
        <source>{product}: margin %</source>
        <translation>{product}: 마진율 %</translation>
    </message>
    <message>
        <source>Categories and their margins</source>
        <translation>분류와 마진율</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>상품 수</translation>
    </message>
    <message>
        <source>{category}: margin %</source>
        <translation>{category}: 마진율 %</translation>
    </message>
</context>
<context>
    <name>ChartCard</name>
    <message>
        <source>Save PNG…</source>
        <translation>PNG 저장…</translation>
    </message>
    <message>
        <source>Save this chart as a PNG picture</source>
        <translation>이 차트를 PNG 그림으로 저장</translation>
    </message>
    <message>
        <source>Save as PNG…</source>
        <translation>PNG로 저장…</translation>
    </message>
    <message>
        <source>Save PNG: {title}</source>
        <translation>PNG로 저장: {title}</translation>
    </message>
    <message>
        <source>Save chart</source>
        <translation>차트 저장</translation>
    </message>
    <message>
        <source>PNG pictures (*.png)</source>
        <translation>PNG 그림 (*.png)</translation>
    </message>
    <message>
        <source>The chart could not be saved to {path}.</source>
        <translation>차트를 {path}에 저장하지 못했습니다.</translation>
    </message>
</context>
<context>
    <name>ConsentAsk</name>
    <message>
        <source>Consent (read it to the customer or hand over the form)</source>
        <translation>동의 (고객에게 읽어 드리거나 동의서를 건네세요)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Purpose:&lt;/b&gt; keeping the customer&apos;s card: purchases, points, answering questions. &lt;b&gt;Items:&lt;/b&gt; name, mobile phone, and e-mail or birthday when given. &lt;b&gt;Kept:&lt;/b&gt; until the customer asks us to delete them, at most {years} years after the last visit. &lt;b&gt;Right to refuse:&lt;/b&gt; the customer may refuse; then we keep no card with a phone or e-mail (buying needs no card). Each purpose below is optional: refusing it changes nothing else.</source>
        <translation>&lt;b&gt;목적:&lt;/b&gt; 고객 카드 관리(구매 내역, 포인트, 문의 응대). &lt;b&gt;항목:&lt;/b&gt; 성명, 휴대전화번호, 제공 시 이메일·생일. &lt;b&gt;보유 기간:&lt;/b&gt; 삭제를 요청하실 때까지, 최대 마지막 방문 후 {years}년. &lt;b&gt;거부할 권리:&lt;/b&gt; 동의를 거부할 수 있으며, 거부하시면 전화번호나 이메일이 담긴 카드를 만들 수 없습니다(카드 없이 구매는 가능). 아래 각 항목은 선택이며, 동의하지 않아도 다른 불이익은 없습니다.</translation>
    </message>
    <message>
        <source>[Required] Agrees to the collection and use of personal data</source>
        <translation>[필수] 개인정보 수집·이용에 동의함</translation>
    </message>
    <message>
        <source>Asked</source>
        <translation>받은 방법</translation>
    </message>
    <message>
        <source>Optional: tick only what the customer agrees to</source>
        <translation>선택: 고객이 동의한 항목만 체크하세요</translation>
    </message>
    <message>
        <source>[Optional] {purpose}</source>
        <translation>[선택] {purpose}</translation>
    </message>
</context>
<context>
    <name>ConsentPanel</name>
    <message>
        <source>Collection of personal data</source>
        <translation>개인정보 수집·이용</translation>
    </message>
    <message>
        <source>Marketing by SMS</source>
        <translation>문자(SMS) 마케팅</translation>
    </message>
    <message>
        <source>Marketing by KakaoTalk</source>
        <translation>카카오톡 마케팅</translation>
    </message>
    <message>
        <source>Marketing by e-mail</source>
        <translation>이메일 마케팅</translation>
    </message>
    <message>
        <source>Marketing by phone</source>
        <translation>전화 마케팅</translation>
    </message>
    <message>
        <source>Personalised recommendations</source>
        <translation>맞춤 추천</translation>
    </message>
    <message>
        <source>Advertising between 21:00 and 08:00</source>
        <translation>야간(21시-08시) 광고</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>문자</translation>
    </message>
    <message>
        <source>KakaoTalk</source>
        <translation>카카오톡</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>이메일</translation>
    </message>
    <message>
        <source>phone calls</source>
        <translation>전화</translation>
    </message>
    <message>
        <source>paper form</source>
        <translation>서면 동의서</translation>
    </message>
    <message>
        <source>verbally</source>
        <translation>구두</translation>
    </message>
    <message>
        <source>online</source>
        <translation>온라인</translation>
    </message>
    <message>
        <source>import</source>
        <translation>가져오기</translation>
    </message>
    <message>
        <source>earlier consent flag</source>
        <translation>이전 동의 표시</translation>
    </message>
    <message>
        <source>erasure</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>re-confirmation notice</source>
        <translation>수신동의 확인 안내</translation>
    </message>
    <message>
        <source>Agreed since {date}</source>
        <translation>{date}부터 동의</translation>
    </message>
    <message>
        <source>Agreed</source>
        <translation>동의</translation>
    </message>
    <message>
        <source>Withdrawn on {date}</source>
        <translation>{date} 철회</translation>
    </message>
    <message>
        <source>Not agreed</source>
        <translation>미동의</translation>
    </message>
    <message>
        <source>Consent not confirmed: nobody recorded the customer&apos;s answer (the card was made or imported without asking, or an earlier version assumed it). Ask the customer and record the answer to &quot;Collection of personal data&quot;; until then no marketing reaches them.</source>
        <translation>동의 미확인: 고객의 답이 기록되지 않았습니다 (묻지 않고 카드를 만들었거나 가져왔거나, 이전 버전이 동의를 가정했습니다). 고객에게 여쭤보고 &quot;개인정보 수집&quot;에 대한 답을 기록하세요. 그때까지 광고는 보내지 않습니다.</translation>
    </message>
    <message>
        <source>The customer agrees to collection: record it</source>
        <translation>고객이 수집에 동의함: 기록하기</translation>
    </message>
    <message>
        <source>Taken by:</source>
        <translation>받은 방법:</translation>
    </message>
    <message>
        <source>When</source>
        <translation>시각</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>목적</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>변경</translation>
    </message>
    <message>
        <source>granted</source>
        <translation>동의</translation>
    </message>
    <message>
        <source>withdrawn</source>
        <translation>철회</translation>
    </message>
    <message>
        <source>How</source>
        <translation>방법</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>직원</translation>
    </message>
    <message>
        <source>Export this customer&apos;s data…</source>
        <translation>이 고객 정보 내보내기…</translation>
    </message>
    <message>
        <source>Erase personal data…</source>
        <translation>개인정보 삭제…</translation>
    </message>
    <message>
        <source>Consent form…</source>
        <translation>동의서…</translation>
    </message>
    <message>
        <source>Print the consent form with this customer&apos;s name and phone to sign</source>
        <translation>이 고객의 이름과 전화번호가 들어간 동의서를 인쇄해 서명받기</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>철회 기록</translation>
    </message>
    <message>
        <source>Grant</source>
        <translation>동의 기록</translation>
    </message>
    <message>
        <source>{action}: {purpose}</source>
        <translation>{action}: {purpose}</translation>
    </message>
    <message>
        <source>Consent not recorded</source>
        <translation>동의를 기록하지 못했습니다</translation>
    </message>
    <message>
        <source>Export this customer&apos;s data</source>
        <translation>이 고객 정보 내보내기</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;JSON (*.json)</source>
        <translation>엑셀 통합 문서 (*.xlsx);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Written to {path}.</source>
        <translation>{path}에 저장했습니다.</translation>
    </message>
    <message>
        <source>Erase personal data</source>
        <translation>개인정보 삭제</translation>
    </message>
    <message>
        <source>Erase this customer&apos;s personal data for good?

Name, phone, e-mail, birthday, address, memo and the notes written about them are removed and cannot be brought back, not even from this window. Their purchases stay as anonymous figures, so the shop&apos;s totals do not change.</source>
        <translation>이 고객의 개인정보를 영구 삭제할까요?

이름, 전화번호, 이메일, 생일, 주소, 메모와 이 고객에 대해 적은 기록이 지워지며 이 창에서도 되살릴 수 없습니다. 구매 기록은 익명 수치로 남아 매장 합계는 바뀌지 않습니다.</translation>
    </message>
</context>
<context>
    <name>ConsentPrint</name>
    <message>
        <source>Save the consent form</source>
        <translation>동의서 저장</translation>
    </message>
    <message>
        <source>Consent form not saved</source>
        <translation>동의서를 저장하지 못했습니다</translation>
    </message>
</context>
<context>
    <name>CouponField</name>
    <message>
        <source>type or scan</source>
        <translation>입력 또는 스캔</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>확인</translation>
    </message>
    <message>
        <source>Coupon</source>
        <translation>쿠폰</translation>
    </message>
    <message>
        <source>Redeemed on this purchase</source>
        <translation>이 구매에 사용됨</translation>
    </message>
    <message>
        <source> off</source>
        <translation> 할인</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>사용 가능</translation>
    </message>
    <message>
        <source>✓ {what}{until}</source>
        <translation>✓ {what}{until}</translation>
    </message>
    <message>
        <source>, until {day}</source>
        <translation>, {day}까지</translation>
    </message>
</context>
<context>
    <name>CouponsView</name>
    <message>
        <source>Whole history</source>
        <translation>전체 기간</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>보기</translation>
    </message>
    <message>
        <source>Show the coupons</source>
        <translation>쿠폰 보기</translation>
    </message>
    <message>
        <source>Coupons</source>
        <translation>쿠폰</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>발행</translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>사용</translation>
    </message>
    <message>
        <source>Redemption rate</source>
        <translation>사용률</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>매출</translation>
    </message>
    <message>
        <source>Totals of the purchases the coupons were redeemed on (voided ones left out)</source>
        <translation>쿠폰을 사용한 구매의 합계 (취소된 구매 제외)</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>할인액</translation>
    </message>
    <message>
        <source>Issued from</source>
        <translation>발행일</translation>
    </message>
    <message>
        <source>to</source>
        <translation>~</translation>
    </message>
    <message>
        <source>Birthday coupons</source>
        <translation>생일 쿠폰</translation>
    </message>
    <message>
        <source>Campaign offers</source>
        <translation>캠페인 쿠폰</translation>
    </message>
    <message>
        <source>Made by hand</source>
        <translation>직접 발행</translation>
    </message>
    <message>
        <source>   Campaign: {name}</source>
        <translation>   캠페인: {name}</translation>
    </message>
    <message>
        <source>All coupons</source>
        <translation>전체 쿠폰</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>집계 중…</translation>
    </message>
    <message>
        <source>No coupons were issued in this period.</source>
        <translation>이 기간에 발행된 쿠폰이 없습니다.</translation>
    </message>
    <message>
        <source>A coupon counts as redeemed when a purchase that still counts carries its code; revenue is those purchases&apos; totals.</source>
        <translation>취소되지 않은 구매에 코드가 사용된 쿠폰을 사용으로 셉니다. 매출은 그 구매들의 합계입니다.</translation>
    </message>
    <message>
        <source>The coupons could not be counted: {error}</source>
        <translation>쿠폰을 집계하지 못했습니다: {error}</translation>
    </message>
</context>
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
        <source>Main contact</source>
        <translation>담당 직원</translation>
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
        <source>Print…</source>
        <translation>출력…</translation>
    </message>
    <message>
        <source>Print this card or save it as PDF, for a consultation</source>
        <translation>상담용으로 이 카드를 출력하거나 PDF로 저장합니다</translation>
    </message>
    <message>
        <source>Double-click a purchase to change or void it</source>
        <translation>구매를 두 번 클릭하면 수정하거나 취소할 수 있습니다</translation>
    </message>
    <message>
        <source>New purchase</source>
        <translation>구매 입력</translation>
    </message>
    <message>
        <source>Enter a purchase for this customer</source>
        <translation>이 고객의 구매를 입력합니다</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>타임라인</translation>
    </message>
    <message>
        <source>Purchases</source>
        <translation>구매 내역</translation>
    </message>
    <message>
        <source>Suggestions</source>
        <translation>추천</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>포인트</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>가족</translation>
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
        <source>{name} (merged into #{survivor})</source>
        <translation>{name} (#{survivor}에 병합됨)</translation>
    </message>
    <message>
        <source>Not saved: the database server cannot be reached.</source>
        <translation>저장하지 않았습니다: 데이터베이스 서버에 연결할 수 없습니다.</translation>
    </message>
    <message>
        <source>another terminal</source>
        <translation>다른 단말기</translation>
    </message>
    <message>
        <source>Not saved: %1 changed this card at %2.</source>
        <translation>저장하지 않았습니다: %1님이 %2에 이 카드를 바꿨습니다.</translation>
    </message>
    <message>
        <source>%1 saved this card at %2, after you opened it. Your changes were not saved.

Reload the card with their changes? (Yes: what you typed is replaced. No: what you typed stays; saving again then writes it over their changes.)</source>
        <translation>이 카드를 연 뒤 %1님이 %2에 저장했습니다. 입력하신 내용은 저장되지 않았습니다.

바뀐 내용으로 카드를 다시 불러올까요? (예: 입력한 내용이 바뀐 내용으로 대체됩니다. 아니요: 입력한 내용이 그대로 남고, 다시 저장하면 그 사람이 바꾼 내용 위에 씁니다.)</translation>
    </message>
    <message>
        <source>Changed on another terminal</source>
        <translation>다른 단말기에서 바뀜</translation>
    </message>
    <message>
        <source>Reloaded with the changes saved at %1.</source>
        <translation>%1에 저장된 내용으로 다시 불러왔습니다.</translation>
    </message>
    <message>
        <source>Marketing: {channels}</source>
        <translation>마케팅 수신: {channels}</translation>
    </message>
    <message>
        <source>No marketing messages</source>
        <translation>마케팅 수신 거부</translation>
    </message>
    <message>
        <source>Consent to keep personal data withdrawn</source>
        <translation>개인정보 수집 동의 철회됨</translation>
    </message>
    <message>
        <source>Consent not confirmed: ask the customer</source>
        <translation>동의 미확인: 고객에게 여쭤보세요</translation>
    </message>
    <message>
        <source>see the Consent tab</source>
        <translation>수신 동의 탭 참조</translation>
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
        <source>Usual: {items}</source>
        <translation>자주 사는 상품: {items}</translation>
    </message>
    <message>
        <source>Show…</source>
        <translation>보기…</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>수정…</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>구매 취소…</translation>
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
    <name>CustomerFinder</name>
    <message>
        <source>Name, initials (ㄱㅁㅅ) or last 4 phone digits</source>
        <translation>이름, 초성(ㄱㅁㅅ) 또는 전화번호 뒷자리 4개</translation>
    </message>
    <message>
        <source>Find a customer</source>
        <translation>고객 찾기</translation>
    </message>
    <message>
        <source>Matching customers</source>
        <translation>일치하는 고객</translation>
    </message>
    <message>
        <source>Cannot search: the database server cannot be reached.</source>
        <translation>검색할 수 없습니다: 데이터베이스 서버에 연결할 수 없습니다.</translation>
    </message>
    <message>
        <source>No customer chosen</source>
        <translation>선택된 고객 없음</translation>
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
    <name>CustomerValueLine</name>
    <message>
        <source>Value: working out the shop&apos;s figures (once a day, a few seconds)…</source>
        <translation>가치: 가게 전체 수치를 계산하는 중(하루 한 번, 몇 초)…</translation>
    </message>
    <message>
        <source>Scored with the shop&apos;s figures of {day}; today&apos;s are being worked out.</source>
        <translation>{day} 기준 매장 수치로 계산했습니다. 오늘 수치를 계산하는 중입니다.</translation>
    </message>
    <message>
        <source>Value could not be worked out: {error}</source>
        <translation>가치를 계산하지 못했습니다: {error}</translation>
    </message>
    <message>
        <source>Archived: not counted in the shop&apos;s figures.</source>
        <translation>보관된 고객: 가게 수치에 포함되지 않습니다.</translation>
    </message>
    <message>
        <source>{segment} · no purchase yet: no value to show</source>
        <translation>{segment} · 아직 구매가 없어 보여 줄 가치가 없습니다</translation>
    </message>
    <message>
        <source>Segment {segment}</source>
        <translation>세그먼트 {segment}</translation>
    </message>
    <message>
        <source>Stage {stage}</source>
        <translation>단계 {stage}</translation>
    </message>
    <message>
        <source>Historic value {amount}</source>
        <translation>과거 가치 {amount}</translation>
    </message>
    <message>
        <source>Predicted value: not enough history</source>
        <translation>예측 가치: 이력 부족</translation>
    </message>
    <message>
        <source>Predicted (1 year) {amount}</source>
        <translation>예측 가치(1년) {amount}</translation>
    </message>
    <message>
        <source>P(alive) {share}</source>
        <translation>생존 확률 {share}</translation>
    </message>
    <message>
        <source>No forecast for the shop yet: {reason}</source>
        <translation>아직 가게의 예측이 없습니다: {reason}</translation>
    </message>
    <message>
        <source>Predicted value: expected spend over the next 365 days (BG/NBD + Gamma-Gamma). P(alive): the chance the customer still buys here at all.</source>
        <translation>예측 가치: 앞으로 365일 동안 예상되는 구매액(BG/NBD + Gamma-Gamma). 생존 확률: 이 고객이 아직 우리 가게 고객일 확률.</translation>
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
        <source>Show all customers again</source>
        <translation>모든 고객 다시 보기</translation>
    </message>
    <message>
        <source>{title} — {count} customers</source>
        <translation>{title} — 고객 {count}명</translation>
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
    <name>DashboardScreen</name>
    <message>
        <source>Every figure counts the purchases made up to the end of this day</source>
        <translation>모든 수치는 이 날짜가 끝날 때까지의 구매로 계산합니다</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <source>Computing… %p%</source>
        <translation>계산 중… %p%</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Segments: customers and revenue (click a segment to list it)</source>
        <translation>세그먼트별 고객과 매출 (세그먼트를 누르면 고객 목록)</translation>
    </message>
    <message>
        <source>Pareto: how much the best customers bring</source>
        <translation>파레토: 상위 고객이 가져오는 매출</translation>
    </message>
    <message>
        <source>Recency × frequency: customers and average spend (click a cell)</source>
        <translation>최근성 × 빈도: 고객 수와 평균 구매액 (칸을 누르면 고객 목록)</translation>
    </message>
    <message>
        <source>Revenue by month</source>
        <translation>월별 매출</translation>
    </message>
    <message>
        <source>Retention by month of first purchase: % buying again in month +1, +2, …</source>
        <translation>첫 구매 월별 재구매율: +1, +2, … 개월째에 다시 구매한 비율(%)</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>기준일</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>개요</translation>
    </message>
    <message>
        <source>Lifecycle and reactivation</source>
        <translation>생애 주기와 재활성화</translation>
    </message>
    <message>
        <source>Coupons</source>
        <translation>쿠폰</translation>
    </message>
    <message>
        <source>CRM fit</source>
        <translation>CRM 적합도</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>매출</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>마진</translation>
    </message>
    <message>
        <source>Show the money figures on revenue, or on gross margin (what products cost is set in Settings &gt; Products and costs)</source>
        <translation>금액을 매출로, 또는 매출총이익(마진)으로 봅니다 (상품 원가는 설정 &gt; 상품과 원가에서 정합니다)</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>보기(&amp;S)</translation>
    </message>
    <message>
        <source>Computing the figures as of {day}…</source>
        <translation>{day} 기준으로 계산하는 중…</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>취소했습니다.</translation>
    </message>
    <message>
        <source>The figures could not be computed.</source>
        <translation>수치를 계산하지 못했습니다.</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>대시보드</translation>
    </message>
    <message>
        <source>No purchases by {day} yet: the charts fill once customers buy.</source>
        <translation>{day}까지 구매가 없습니다. 고객이 구매하면 차트가 채워집니다.</translation>
    </message>
    <message>
        <source>As of {day}: {customers} customers bought, for {revenue}; the best 20 % brought {share}. ({seconds:.1f} s)</source>
        <translation>{day} 기준: 구매 고객 {customers}명, 매출 {revenue}, 상위 20% 고객의 매출 비중 {share} ({seconds:.1f}초)</translation>
    </message>
    <message>
        <source>As of {day}: {customers} customers bought; margin {margin} ({rate} of the revenue with a cost); the best 20 % brought {share} of it. ({seconds:.1f} s)</source>
        <translation>{day} 기준: 구매 고객 {customers}명, 마진 {margin} (원가가 있는 매출의 {rate}); 상위 20 % 고객이 그중 {share}를 만들었습니다. ({seconds:.1f}초)</translation>
    </message>
    <message>
        <source>{share} of revenue ({amount}) has no cost; it is left out of margin. Set costs in Settings &gt; Products and costs.</source>
        <translation>매출의 {share}({amount})는 원가가 없어 마진 계산에서 뺐습니다. 설정 &gt; 상품과 원가에서 원가를 넣으세요.</translation>
    </message>
    <message>
        <source>Segments: customers and margin (click a segment to list it)</source>
        <translation>세그먼트: 고객과 마진 (세그먼트를 누르면 고객 목록)</translation>
    </message>
    <message>
        <source>Recency × frequency: customers and average margin (click a cell)</source>
        <translation>최근성 × 빈도: 고객 수와 평균 마진 (칸을 누르면 고객 목록)</translation>
    </message>
    <message>
        <source>Pareto: how much margin the best customers bring</source>
        <translation>파레토: 상위 고객이 가져오는 마진</translation>
    </message>
    <message>
        <source>Margin by month</source>
        <translation>월별 마진</translation>
    </message>
    <message>
        <source>F{score}</source>
        <translation>빈도 {score}</translation>
    </message>
    <message>
        <source>R{score}</source>
        <translation>최근 {score}</translation>
    </message>
    <message>
        <source>Frequency score: 1 fewest purchases, 5 most</source>
        <translation>빈도 점수: 1 구매 횟수 가장 적음, 5 가장 많음</translation>
    </message>
    <message>
        <source>avg {amount}</source>
        <translation>평균 {amount}</translation>
    </message>
    <message>
        <source>Recency {r}, frequency {f}. Customers: {count}; they brought a margin of {revenue} in all, {average} each on average. Click to list them.</source>
        <translation>최근성 {r}, 빈도 {f}. 고객 {count}명; 마진 합계 {revenue}, 1인 평균 {average}. 누르면 목록을 엽니다.</translation>
    </message>
    <message>
        <source>Recency {r}, frequency {f}. Customers: {count}; they spent {revenue} in all, {average} each on average. Click to list them.</source>
        <translation>최근성 {r}, 빈도 {f}. 고객 {count}명, 총 구매액 {revenue}, 1인 평균 {average}. 누르면 고객 목록을 엽니다.</translation>
    </message>
    <message>
        <source>Recency {r}, frequency {f}: no customers. Equal values always share one score, so when many customers tie (most bought once) a score can stay empty.</source>
        <translation>최근성 {r}, 빈도 {f}: 고객 없음. 같은 값은 항상 같은 점수를 받으므로, 많은 고객이 같은 값이면(대부분 한 번만 구매) 비는 점수가 생길 수 있습니다.</translation>
    </message>
    <message>
        <source>No customers to place yet.</source>
        <translation>아직 배치할 고객이 없습니다.</translation>
    </message>
    <message>
        <source>{total} customers. Most are at recency {r}, frequency {f} ({count}); the most recent and most frequent (R5, F5): {best}; long gone and bought once (R1, F1): {lost}.</source>
        <translation>고객 {total}명. 가장 많은 칸은 최근성 {r}, 빈도 {f} ({count}명); 가장 최근·가장 자주 (R5, F5): {best}명; 오래전에 한 번 산 고객 (R1, F1): {lost}명.</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>고객</translation>
    </message>
    <message>
        <source>{size} customers first bought in {month}</source>
        <translation>{month}에 처음 구매한 고객 {size}명</translation>
    </message>
    <message>
        <source>Cohort {cohort} ({size} customers): {count} ({share}) bought again in month +{k} ({month})</source>
        <translation>{cohort} 코호트 (고객 {size}명): {k}개월 뒤({month})에 {count}명({share})이 다시 구매</translation>
    </message>
    <message>
        <source>Percent of each month&apos;s new customers who bought again k months later</source>
        <translation>각 월의 신규 고객 중 k개월 뒤에 다시 구매한 비율(%)</translation>
    </message>
    <message>
        <source>No cohorts yet.</source>
        <translation>아직 코호트가 없습니다.</translation>
    </message>
    <message>
        <source>{n} cohorts from {first} to {last}; none has a next month yet.</source>
        <translation>{first}~{last}의 코호트 {n}개; 아직 다음 달이 지난 코호트가 없습니다.</translation>
    </message>
    <message>
        <source>{n} cohorts from {first} to {last}; on average {average} bought again the next month, most in {best} ({share}).</source>
        <translation>{first}~{last}의 코호트 {n}개; 평균 {average}가 다음 달에 다시 샀고, 가장 많은 달은 {best} ({share}).</translation>
    </message>
    <message>
        <source>Segment: {name}</source>
        <translation>세그먼트: {name}</translation>
    </message>
    <message>
        <source>Recency {r} × frequency {f}</source>
        <translation>최근성 {r} × 빈도 {f}</translation>
    </message>
</context>
<context>
    <name>DuplicatesScreen</name>
    <message>
        <source>Same phone</source>
        <translation>같은 전화번호</translation>
    </message>
    <message>
        <source>Same name and birthday</source>
        <translation>같은 이름과 생일</translation>
    </message>
    <message>
        <source>Similar name, same last 4 digits</source>
        <translation>비슷한 이름, 같은 뒷번호 4자리</translation>
    </message>
    <message>
        <source>Same name, phone one digit apart</source>
        <translation>같은 이름, 전화번호 한 자리 차이</translation>
    </message>
    <message>
        <source>A card cannot be merged into itself.</source>
        <translation>같은 카드끼리는 합칠 수 없습니다.</translation>
    </message>
    <message>
        <source>One of these cards was already merged into another card.</source>
        <translation>두 카드 중 하나는 이미 다른 카드에 합쳐졌습니다.</translation>
    </message>
    <message>
        <source>The card to keep is archived; restore it first.</source>
        <translation>남길 카드가 보관된 상태입니다. 먼저 복원해 주세요.</translation>
    </message>
    <message>
        <source>This merge was already undone.</source>
        <translation>이 병합은 이미 되돌렸습니다.</translation>
    </message>
    <message>
        <source>A later merge involves the same cards; undo that one first.</source>
        <translation>같은 카드가 관련된 더 최근 병합이 있습니다. 그 병합을 먼저 되돌려 주세요.</translation>
    </message>
    <message>
        <source>A card was edited after the merge; undoing it now would lose those edits. Correct the cards by hand instead.</source>
        <translation>병합 후에 카드가 수정되었습니다. 지금 되돌리면 그 수정 내용이 사라지므로, 카드를 직접 고쳐 주세요.</translation>
    </message>
    <message>
        <source>Some of the moved purchases, contacts or feedback were moved to another customer since; the merge can no longer be undone exactly.</source>
        <translation>옮겨진 구매·접촉·피드백 중 일부가 그 뒤 다른 고객에게 옮겨졌습니다. 이 병합은 더 이상 정확히 되돌릴 수 없습니다.</translation>
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
        <source>Gender</source>
        <translation>성별</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>주소</translation>
    </message>
    <message>
        <source>Customer code</source>
        <translation>고객코드</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>태그</translation>
    </message>
    <message>
        <source>First seen</source>
        <translation>첫 방문일</translation>
    </message>
    <message>
        <source>Came via</source>
        <translation>유입 경로</translation>
    </message>
    <message>
        <source>Memo</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>Purchases</source>
        <translation>구매</translation>
    </message>
    <message>
        <source>Spent</source>
        <translation>구매 금액</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>접촉 기록</translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation>피드백</translation>
    </message>
    <message>
        <source>lunar calendar</source>
        <translation>음력 여부</translation>
    </message>
    <message>
        <source>(lunar)</source>
        <translation>(음력)</translation>
    </message>
    <message>
        <source>Duplicate customers</source>
        <translation>중복 고객</translation>
    </message>
    <message>
        <source>Find duplicates</source>
        <translation>중복 찾기</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>비교</translation>
    </message>
    <message>
        <source>Keep this card</source>
        <translation>이 카드를 남김</translation>
    </message>
    <message>
        <source>Keep the left card</source>
        <translation>왼쪽 카드 유지</translation>
    </message>
    <message>
        <source>Keep the right card</source>
        <translation>오른쪽 카드 유지</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>합치기</translation>
    </message>
    <message>
        <source>Not the same person</source>
        <translation>다른 사람임</translation>
    </message>
    <message>
        <source>Take this pair off the list until the next search</source>
        <translation>다음 검색 때까지 이 쌍을 목록에서 뺍니다</translation>
    </message>
    <message>
        <source>Recent merges</source>
        <translation>최근 병합</translation>
    </message>
    <message>
        <source>Undo merge</source>
        <translation>병합 되돌리기</translation>
    </message>
    <message>
        <source>Put both cards and everything that moved back as they were</source>
        <translation>두 카드와 옮겨진 기록을 모두 병합 전 상태로 되돌립니다</translation>
    </message>
    <message>
        <source>Searching all customer cards…</source>
        <translation>모든 고객 카드를 살펴보는 중…</translation>
    </message>
    <message>
        <source>{pairs} suspected pairs among {customers} customers.</source>
        <translation>고객 {customers}명 중 중복 의심 {pairs}쌍.</translation>
    </message>
    <message>
        <source>Not compared: {value} is on {count} cards (a placeholder?).</source>
        <translation>비교하지 않음: {value}이(가) 카드 {count}장에 있습니다 (임시 번호?).</translation>
    </message>
    <message>
        <source>The search failed: {error}</source>
        <translation>검색하지 못했습니다: {error}</translation>
    </message>
    <message>
        <source>Choose a pair on the left to compare the two cards.</source>
        <translation>왼쪽에서 쌍을 고르면 두 카드를 나란히 비교합니다.</translation>
    </message>
    <message>
        <source>Keep the card of {name} (no. {id})</source>
        <translation>{name}(번호 {id})의 카드 유지</translation>
    </message>
    <message>
        <source>{purchases} purchases, {contacts} contacts and {feedback} feedback move to {name}.</source>
        <translation>구매 {purchases}건, 접촉 기록 {contacts}건, 피드백 {feedback}건이 {name} 님에게 옮겨집니다.</translation>
    </message>
    <message>
        <source>Filled from the other card: {fields}.</source>
        <translation>다른 카드에서 채우는 항목: {fields}.</translation>
    </message>
    <message>
        <source>No empty fields to fill.</source>
        <translation>채울 빈 항목은 없습니다.</translation>
    </message>
    <message>
        <source>Tags are combined: {tags}.</source>
        <translation>태그는 합쳐집니다: {tags}.</translation>
    </message>
    <message>
        <source>First seen: {date}.</source>
        <translation>첫 방문일: {date}.</translation>
    </message>
    <message>
        <source>The other card is archived and marked as merged; Undo puts everything back.</source>
        <translation>다른 카드는 보관되고 병합됨으로 표시됩니다. 되돌리기로 모두 원래대로 돌릴 수 있습니다.</translation>
    </message>
    <message>
        <source>Merge {merged} (#{merged_id}) into {survivor} (#{survivor_id})?</source>
        <translation>{merged} (#{merged_id}) 카드를 {survivor} (#{survivor_id}) 카드에 합칠까요?</translation>
    </message>
    <message>
        <source>Merge customers</source>
        <translation>고객 합치기</translation>
    </message>
    <message>
        <source>{merged} was merged into {survivor}.</source>
        <translation>{merged} 카드를 {survivor} 카드에 합쳤습니다.</translation>
    </message>
    <message>
        <source>{when}: {merged} → {survivor} ({moved} records moved)</source>
        <translation>{when}: {merged} → {survivor} (기록 {moved}건 이동)</translation>
    </message>
    <message>
        <source>No merges to undo.</source>
        <translation>되돌릴 병합이 없습니다.</translation>
    </message>
    <message>
        <source>{merged} is a card of its own again, apart from {survivor}.</source>
        <translation>{merged} 카드를 {survivor} 카드와 다시 분리했습니다.</translation>
    </message>
</context>
<context>
    <name>ExportReason</name>
    <message>
        <source>Reason for the export</source>
        <translation>내보내기 사유</translation>
    </message>
    <message>
        <source>Why does this personal data leave the shop? One line, kept in the audit log.</source>
        <translation>이 개인정보를 왜 매장 밖으로 내보내나요? 한 줄로 적으면 감사 기록에 남습니다.</translation>
    </message>
    <message>
        <source>Why does this personal data leave the shop? One line, kept in the audit log (may stay empty while sign-in is off).</source>
        <translation>이 개인정보를 왜 매장 밖으로 내보내나요? 한 줄로 적으면 감사 기록에 남습니다 (로그인이 꺼져 있는 동안에는 비워 둘 수 있습니다).</translation>
    </message>
    <message>
        <source>Nothing was exported: give a reason.</source>
        <translation>내보내지 않았습니다: 사유를 적어 주세요.</translation>
    </message>
    <message>
        <source>Nothing was exported: the reason has at most {n} characters (one line).</source>
        <translation>내보내지 않았습니다: 이유는 {n}자까지 쓸 수 있습니다 (한 줄).</translation>
    </message>
</context>
<context>
    <name>ExportReview</name>
    <message>
        <source>Show</source>
        <translation>보기</translation>
    </message>
    <message>
        <source>Show the exports of the month</source>
        <translation>이 달의 내보내기 보기</translation>
    </message>
    <message>
        <source>When</source>
        <translation>시각</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>누가</translation>
    </message>
    <message>
        <source>What</source>
        <translation>무엇을</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>행 수</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <source>(none given)</source>
        <translation>(사유 없음)</translation>
    </message>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>월</translation>
    </message>
    <message>
        <source>Review once a month who took personal data out of the shop and why.</source>
        <translation>한 달에 한 번, 누가 왜 개인정보를 매장 밖으로 내보냈는지 점검하세요.</translation>
    </message>
    <message>
        <source>{n:,} exports in {month}; {missing:,} without a reason.</source>
        <translation>{month} 내보내기 {n:,}건, 사유 없음 {missing:,}건.</translation>
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
    <name>FamilyPanel</name>
    <message>
        <source>Parent</source>
        <translation>부모</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>자녀</translation>
    </message>
    <message>
        <source>Spouse</source>
        <translation>배우자</translation>
    </message>
    <message>
        <source>Sibling</source>
        <translation>형제자매</translation>
    </message>
    <message>
        <source>A customer cannot be linked to themselves.</source>
        <translation>자기 자신과는 연결할 수 없습니다.</translation>
    </message>
    <message>
        <source>That customer already belongs to another household; remove them there first.</source>
        <translation>그 고객은 이미 다른 가족에 속해 있습니다. 먼저 그 가족에서 빼 주세요.</translation>
    </message>
    <message>
        <source>A customer cannot refer themselves.</source>
        <translation>자기 자신을 추천할 수 없습니다.</translation>
    </message>
    <message>
        <source>That customer was referred by this one (directly or through others).</source>
        <translation>그 고객은 이 고객이 (직접 또는 다른 고객을 거쳐) 추천한 고객입니다.</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>가족</translation>
    </message>
    <message>
        <source>Add as family</source>
        <translation>가족으로 추가</translation>
    </message>
    <message>
        <source>Leave household</source>
        <translation>가족에서 빼기</translation>
    </message>
    <message>
        <source>The chosen customer is this one&apos;s</source>
        <translation>찾은 고객은 이 고객의</translation>
    </message>
    <message>
        <source>Referrals</source>
        <translation>추천</translation>
    </message>
    <message>
        <source>Chosen customer referred this one</source>
        <translation>찾은 고객이 이 고객을 추천함</translation>
    </message>
    <message>
        <source>Not in a household. Find a family member below to link them.</source>
        <translation>가족이 연결되어 있지 않습니다. 아래에서 가족을 찾아 연결하세요.</translation>
    </message>
    <message>
        <source>{name}: {count} members, together {revenue}</source>
        <translation>{name}: {count}명, 합계 {revenue}</translation>
    </message>
    <message>
        <source>Referred by {name}.</source>
        <translation>{name} 님의 추천으로 방문.</translation>
    </message>
    <message>
        <source>Referred {count}: {names}.</source>
        <translation>추천한 고객 {count}명: {names}.</translation>
    </message>
    <message>
        <source>Own value {own} · referral value {referral}</source>
        <translation>본인 구매액 {own} · 추천 고객 구매액 {referral}</translation>
    </message>
    <message>
        <source>Find the other customer first.</source>
        <translation>먼저 상대 고객을 찾으세요.</translation>
    </message>
</context>
<context>
    <name>FeedbackAnalysis</name>
    <message>
        <source> days</source>
        <translation>일</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>분류</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>불만 수</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>비율</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>해결까지</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>고객 수</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>재구매</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>비교 기준</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>차이</translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation>고객의 소리</translation>
    </message>
    <message>
        <source>Complaints from</source>
        <translation>불만 기간</translation>
    </message>
    <message>
        <source>to</source>
        <translation>~</translation>
    </message>
    <message>
        <source>Returned within</source>
        <translation>재구매 기간</translation>
    </message>
    <message>
        <source>Top categories</source>
        <translation>많은 불만 분류</translation>
    </message>
    <message>
        <source>Complaints per category per month</source>
        <translation>월별·분류별 불만</translation>
    </message>
    <message>
        <source>Do complaining customers come back?</source>
        <translation>불만 고객은 다시 올까요?</translation>
    </message>
    <message>
        <source>All</source>
        <translation>전체</translation>
    </message>
    <message>
        <source>too few to say</source>
        <translation>너무 적어 판단 불가</translation>
    </message>
    <message>
        <source>{n} complaints. First response: median {first_median} h, {first_share} within {first_target} h. Resolution: median {res_median} h, {res_share} within {res_target} h.</source>
        <translation>불만 {n}건. 첫 응답: 중앙값 {first_median}시간, {first_target}시간 안 {first_share}. 해결: 중앙값 {res_median}시간, {res_target}시간 안 {res_share}.</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>월</translation>
    </message>
    <message>
        <source>Returned: bought within {window} days after the complaint was resolved; only complaints resolved by {cutoff} (a full window), each customer once. Baseline: customers with as many earlier purchases who never complained, over the same {window} days from the same month. Left out: {open} not resolved, {recent} resolved too recently.</source>
        <translation>재구매: 불만 해결 후 {window}일 안에 구매. {cutoff}까지 해결된 불만만(기간을 다 채운 것), 고객마다 한 번. 비교 기준: 이전 구매 횟수가 같고 불만이 없던 고객이 같은 달부터 {window}일 안에 구매한 비율. 제외: 미해결 {open}명, 해결된 지 얼마 안 된 {recent}명.</translation>
    </message>
</context>
<context>
    <name>FeedbackDialog</name>
    <message>
        <source>New feedback</source>
        <translation>새 고객의 소리</translation>
    </message>
    <message>
        <source>What the customer said, in their words</source>
        <translation>고객이 한 말을 그대로 적어 주세요</translation>
    </message>
    <message>
        <source>Anonymous (no customer)</source>
        <translation>익명 (고객 없음)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>유형</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>고객</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>채널</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>분류</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>심각도</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>내용</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>담당자</translation>
    </message>
    <message>
        <source>About staff member</source>
        <translation>관련 직원</translation>
    </message>
    <message>
        <source>Discard what you typed?</source>
        <translation>입력한 내용을 버릴까요?</translation>
    </message>
    <message>
        <source>Choose the customer, or tick Anonymous.</source>
        <translation>고객을 선택하거나 익명에 체크하세요.</translation>
    </message>
    <message>
        <source>Note for this step (optional)</source>
        <translation>이 단계 메모 (선택)</translation>
    </message>
    <message>
        <source>How it was resolved (needed to resolve)</source>
        <translation>해결 방법 (해결 처리에 필요)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>Start work</source>
        <translation>처리 시작</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>해결</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>종결</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>다시 열기</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>해결 방법</translation>
    </message>
    <message>
        <source>Recovery</source>
        <translation>보상 조치</translation>
    </message>
    <message>
        <source>By</source>
        <translation>처리자</translation>
    </message>
    <message>
        <source>History</source>
        <translation>처리 이력</translation>
    </message>
    <message>
        <source>Feedback #{id}</source>
        <translation>고객의 소리 #{id}</translation>
    </message>
    <message>
        <source>Anonymous</source>
        <translation>익명</translation>
    </message>
    <message>
        <source>no first response within the target</source>
        <translation>목표 시간 내 첫 응대 없음</translation>
    </message>
    <message>
        <source>not resolved within the target</source>
        <translation>목표 시간 내 미해결</translation>
    </message>
    <message>
        <source>first response after {h} h</source>
        <translation>첫 응대 {h}시간</translation>
    </message>
    <message>
        <source>resolved after {h} h</source>
        <translation>해결 {h}시간</translation>
    </message>
</context>
<context>
    <name>FeedbackScreen</name>
    <message>
        <source>Open</source>
        <translation>미처리</translation>
    </message>
    <message>
        <source>All</source>
        <translation>전체</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>모든 유형</translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation>누구나</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>기한 초과만</translation>
    </message>
    <message>
        <source>New feedback…</source>
        <translation>고객의 소리 등록…</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>접수</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>유형</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>심각도</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>고객</translation>
    </message>
    <message>
        <source>Anonymous</source>
        <translation>익명</translation>
    </message>
    <message>
        <source>What was said</source>
        <translation>내용</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>담당자</translation>
    </message>
    <message>
        <source>First response</source>
        <translation>첫 응대</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>해결 시간</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>열기…</translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation>고객의 소리</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>분석</translation>
    </message>
    <message>
        <source>no response yet</source>
        <translation>아직 응대 없음</translation>
    </message>
    <message>
        <source>late</source>
        <translation>지연</translation>
    </message>
    <message>
        <source>Showing the newest {n} items; filter to see older ones.</source>
        <translation>최근 {n}건만 표시합니다. 이전 항목은 필터로 찾으세요.</translation>
    </message>
    <message>
        <source>{n} shown, {late} overdue · median resolution {median} · targets: first response {first} h, resolution {resolution} h</source>
        <translation>{n}건 표시, 기한 초과 {late}건 · 해결 시간 중앙값 {median} · 목표: 첫 응대 {first}시간, 해결 {resolution}시간</translation>
    </message>
    <message>
        <source>Feedback recorded.</source>
        <translation>고객의 소리를 등록했습니다.</translation>
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
        <source>Windows-1252 (Western European)</source>
        <translation>Windows-1252 (서유럽)</translation>
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
    <message>
        <source>%1 is neither UTF-8 nor CP949 text: line %2 cannot be read. Nothing was imported. Choose the file&apos;s text encoding under “Text encoding”, or fix that line and try again.</source>
        <translation>%1 파일은 UTF-8도 CP949도 아닙니다: %2번째 줄을 읽을 수 없습니다. 아무것도 가져오지 않았습니다. ‘문자 인코딩’에서 파일의 인코딩을 고르거나, 그 줄을 고친 뒤 다시 시도하세요.</translation>
    </message>
</context>
<context>
    <name>FitView</name>
    <message>
        <source>Sales to known customers</source>
        <translation>등록 고객 매출</translation>
    </message>
    <message>
        <source>A regular comes back</source>
        <translation>단골 재방문</translation>
    </message>
    <message>
        <source>Customer value so far</source>
        <translation>고객별 누적 가치</translation>
    </message>
    <message>
        <source>Reachable directly</source>
        <translation>직접 연락 가능</translation>
    </message>
    <message>
        <source>Work out again</source>
        <translation>다시 계산</translation>
    </message>
    <message>
        <source>Working out the shop&apos;s figures…</source>
        <translation>가게 수치를 계산하는 중…</translation>
    </message>
    <message>
        <source>Most sales are to walk-ins: ask customers to join (points, a stamp card) so you know who buys.</source>
        <translation>매출 대부분이 비회원입니다: 적립이나 스탬프로 가입을 권해 누가 사는지 알아 두세요.</translation>
    </message>
    <message>
        <source>Few customers can be reached: ask for a phone number and consent at the counter.</source>
        <translation>연락할 수 있는 고객이 적습니다: 계산대에서 전화번호와 수신 동의를 받으세요.</translation>
    </message>
    <message>
        <source>Regulars come often: points, usual items at the counter and a warm word pay more than mailings.</source>
        <translation>단골이 자주 옵니다: 문자보다 적립, 계산대에서의 단골 메뉴 인사가 더 효과적입니다.</translation>
    </message>
    <message>
        <source>Visits are far apart: a reminder (birthday, season, a new item) keeps you in mind.</source>
        <translation>방문 간격이 깁니다: 생일·계절·신메뉴 안내로 가게를 떠올리게 하세요.</translation>
    </message>
    <message>
        <source>A few customers are worth far more than the rest: look after your best customers personally.</source>
        <translation>소수 고객의 가치가 훨씬 큽니다: 우수 고객을 직접 챙기세요.</translation>
    </message>
    <message>
        <source>Less than half of last year&apos;s customers came back: win them back before finding new ones.</source>
        <translation>작년 고객의 절반도 다시 오지 않았습니다: 새 고객보다 기존 고객을 먼저 되찾으세요.</translation>
    </message>
    <message>
        <source>From the shop&apos;s own data, the 12 months up to {day}.</source>
        <translation>가게 자체 데이터, {day}까지 12개월 기준.</translation>
    </message>
    <message>
        <source>{share} ({known} of {revenue}); the rest are walk-ins</source>
        <translation>{share} ({revenue} 중 {known}); 나머지는 비회원 매출</translation>
    </message>
    <message>
        <source>every {days} days (median of {regulars} regulars with 3 or more visits)</source>
        <translation>{days}일마다 (3회 이상 방문한 단골 {regulars}명의 중앙값)</translation>
    </message>
    <message>
        <source>no regulars yet (nobody came 3 times in 12 months)</source>
        <translation>아직 단골 없음 (12개월 동안 3회 이상 방문한 고객 없음)</translation>
    </message>
    <message>
        <source>average {mean}, median {median}, spread {std} (coefficient of variation {cv}); {customers} customers</source>
        <translation>평균 {mean}, 중앙값 {median}, 표준편차 {std} (변동계수 {cv}); 고객 {customers}명</translation>
    </message>
    <message>
        <source>{share} ({reachable} of {cards} cards have a phone and consent to SMS, KakaoTalk or calls)</source>
        <translation>{share} ({cards}명 중 {reachable}명이 전화번호와 문자·카카오톡·전화 수신 동의를 가지고 있음)</translation>
    </message>
    <message>
        <source>CRM will pay here: your customers are known, reachable and come back.</source>
        <translation>CRM이 충분히 효과를 낼 가게입니다: 고객을 알고, 연락할 수 있고, 다시 찾아옵니다.</translation>
    </message>
    <message>
        <source>CRM will pay in part: work on what is missing below first.</source>
        <translation>CRM이 부분적으로 효과를 냅니다: 아래 부족한 점부터 챙기세요.</translation>
    </message>
    <message>
        <source>CRM cannot pay much yet: start with the basics below before any campaign.</source>
        <translation>아직 CRM의 효과가 작습니다: 캠페인보다 아래 기본부터 시작하세요.</translation>
    </message>
    <message>
        <source>What if fewer customers left? Not yet possible: it needs customers from more than a year ago.</source>
        <translation>떠나는 고객이 줄면? 아직 계산할 수 없습니다: 1년 이전의 고객 기록이 필요합니다.</translation>
    </message>
    <message>
        <source>What if 5 % fewer customers left each year (5 of every 100 customers kept)? Revenue would be {extra} higher over the next year.</source>
        <translation>매년 떠나는 고객이 5%p 줄면 (고객 100명 중 5명을 더 지키면)? 내년 매출이 {extra} 늘어납니다.</translation>
    </message>
    <message>
        <source>Assumptions: {active} customers bought in the last 12 months; {retention} of last year&apos;s customers came back ({leaving} left); {kept} more customers kept, each spending what a returning customer spent in a year ({spend}).</source>
        <translation>가정: 최근 12개월 구매 고객 {active}명; 작년 고객의 {retention}가 다시 왔고 {leaving}는 떠났습니다; {kept}명을 더 지키고, 각자 재방문 고객의 연간 평균 구매액({spend})만큼 산다고 봅니다.</translation>
    </message>
    <message>
        <source>The figures could not be worked out: {error}</source>
        <translation>수치를 계산하지 못했습니다: {error}</translation>
    </message>
</context>
<context>
    <name>HandOverDialog</name>
    <message>
        <source>Hand over {name}&apos;s customers</source>
        <translation>{name} 담당 고객 넘기기</translation>
    </message>
    <message>
        <source>Nobody (leave them without a main contact)</source>
        <translation>아무도 없음 (담당 직원 없이 둠)</translation>
    </message>
    <message>
        <source>Deactivate and hand over</source>
        <translation>비활성화하고 넘기기</translation>
    </message>
    <message>
        <source>{name} is the main contact of {n} customers. Who looks after them now?</source>
        <translation>{name}은(는) 고객 {n}명의 담당 직원입니다. 이제 누가 맡을까요?</translation>
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
        <source>Cost per unit</source>
        <translation>개당 원가</translation>
    </message>
    <message>
        <source>Consent: collection of personal data</source>
        <translation>동의: 개인정보 수집·이용</translation>
    </message>
    <message>
        <source>Consent: SMS</source>
        <translation>동의: 문자</translation>
    </message>
    <message>
        <source>Consent: KakaoTalk</source>
        <translation>동의: 카카오톡</translation>
    </message>
    <message>
        <source>Consent: e-mail</source>
        <translation>동의: 이메일</translation>
    </message>
    <message>
        <source>Consent: phone calls</source>
        <translation>동의: 전화</translation>
    </message>
    <message>
        <source>Consent: personalised recommendations</source>
        <translation>동의: 맞춤 추천</translation>
    </message>
    <message>
        <source>Consent: advertising 21:00-08:00</source>
        <translation>동의: 야간(21시-08시) 광고</translation>
    </message>
    <message>
        <source>Consent given on</source>
        <translation>동의일</translation>
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
    <name>LifecycleView</name>
    <message>
        <source>Computing… %p%</source>
        <translation>계산 중… %p%</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Customers per lifecycle stage at each month end (lost only in the tooltip: it only grows)</source>
        <translation>월말마다 생애 주기 단계별 고객 수 (이탈은 계속 늘기만 해서 툴팁에만 표시)</translation>
    </message>
    <message>
        <source>Save list…</source>
        <translation>목록 저장…</translation>
    </message>
    <message>
        <source>Write every overdue and gone-quiet customer to a CSV or Excel file</source>
        <translation>방문 지연·발길 뜸함 고객 전부를 CSV 또는 엑셀 파일로 저장</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>단계</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>세그먼트</translation>
    </message>
    <message>
        <source>Historic value</source>
        <translation>과거 가치</translation>
    </message>
    <message>
        <source>Predicted (1 year)</source>
        <translation>예측 가치(1년)</translation>
    </message>
    <message>
        <source>P(alive)</source>
        <translation>생존 확률</translation>
    </message>
    <message>
        <source>Last purchase</source>
        <translation>최근 구매일</translation>
    </message>
    <message>
        <source>Silent</source>
        <translation>침묵</translation>
    </message>
    <message>
        <source>{days} d</source>
        <translation>{days}일</translation>
    </message>
    <message>
        <source>Usual gap</source>
        <translation>평소 간격</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>문자 동의</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>예</translation>
    </message>
    <message>
        <source>no</source>
        <translation>아니오</translation>
    </message>
    <message>
        <source>Double-click a customer to open the card</source>
        <translation>고객을 두 번 클릭하면 카드가 열립니다</translation>
    </message>
    <message>
        <source>Working out each customer&apos;s stage and value as of {day}…</source>
        <translation>{day} 기준 고객별 단계와 가치를 계산하는 중…</translation>
    </message>
    <message>
        <source>Reading the stages…</source>
        <translation>단계를 읽는 중…</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>취소했습니다.</translation>
    </message>
    <message>
        <source>The lifecycle figures could not be computed: {error}</source>
        <translation>생애 주기 수치를 계산하지 못했습니다: {error}</translation>
    </message>
    <message>
        <source>As of {day}. The shop&apos;s return window is {window} (8 in 10 return visits come within it); a customer is overdue when silent beyond twice their usual gap and one window, gone quiet beyond four times and two windows, gone beyond eight times and four.</source>
        <translation>{day} 기준. 가게의 재방문 주기는 {window}입니다(재방문 10번 중 8번이 이 안에). 평소 간격의 2배와 재방문 주기 1번을 넘게 오지 않으면 방문 지연, 4배와 2번을 넘으면 발길 뜸함, 8배와 4번을 넘으면 발길 끊김입니다.</translation>
    </message>
    <message>
        <source>Win them back: {count} overdue and gone-quiet customers, {value} so far</source>
        <translation>다시 불러올 고객: 방문 지연·발길 뜸함 {count}명, 지금까지 구매액 {value}</translation>
    </message>
    <message>
        <source>{days} days</source>
        <translation>{days}일</translation>
    </message>
    <message>
        <source>not known yet (nobody came back)</source>
        <translation>아직 알 수 없음(다시 온 고객 없음)</translation>
    </message>
    <message>
        <source>Most valuable first by predicted value over the next year (BG/NBD + Gamma-Gamma).</source>
        <translation>앞으로 1년 예측 가치(BG/NBD + Gamma-Gamma)가 큰 순서입니다.</translation>
    </message>
    <message>
        <source>No predicted value: {reason} Sorted by what they brought so far.</source>
        <translation>예측 가치 없음: {reason} 지금까지 구매액이 큰 순서입니다.</translation>
    </message>
    <message>
        <source>Showing the {shown} most valuable; Save list… writes all {count}.</source>
        <translation>가치가 큰 {shown}명만 표시합니다. 목록 저장…은 {count}명 모두를 저장합니다.</translation>
    </message>
    <message>
        <source>{stage}: {count} customers today. Click to list them.</source>
        <translation>{stage}: 오늘 {count}명. 누르면 목록으로 봅니다.</translation>
    </message>
    <message>
        <source>No forecast: the shop&apos;s history is too short to fit the model</source>
        <translation>예측 없음: 가게의 이력이 모델을 맞추기에 짧습니다</translation>
    </message>
    <message>
        <source>Expected spend over the next 365 days if the customer&apos;s pattern holds</source>
        <translation>지금의 구매 패턴이 이어지면 앞으로 365일 동안 예상되는 구매액</translation>
    </message>
    <message>
        <source>Stage: {name}</source>
        <translation>단계: {name}</translation>
    </message>
    <message>
        <source>Save the reactivation list</source>
        <translation>재활성화 목록 저장</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</source>
        <translation>엑셀 통합 문서 (*.xlsx);;CSV, UTF-8 (*.csv)</translation>
    </message>
    <message>
        <source>Saved {count} customers to {path}.</source>
        <translation>고객 {count}명을 {path}에 저장했습니다.</translation>
    </message>
</context>
<context>
    <name>LinesModel</name>
    <message>
        <source>Product</source>
        <translation>상품</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>분류</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>수량</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>단가</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>할인</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
</context>
<context>
    <name>LogContactDialog</name>
    <message>
        <source>Log a contact</source>
        <translation>접촉 기록</translation>
    </message>
    <message>
        <source>Ratings 1-5</source>
        <translation>평가 1~5</translation>
    </message>
    <message>
        <source>What happened, in a few words</source>
        <translation>무슨 일이 있었는지 짧게</translation>
    </message>
    <message>
        <source>Outcome (optional)</source>
        <translation>결과 (선택)</translation>
    </message>
    <message>
        <source>No follow-up</source>
        <translation>후속 조치 없음</translation>
    </message>
    <message>
        <source>On a date…</source>
        <translation>날짜 지정…</translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation>내일</translation>
    </message>
    <message>
        <source>In {days} days</source>
        <translation>{days}일 후</translation>
    </message>
    <message>
        <source>No consent for this channel</source>
        <translation>이 채널 수신 동의 없음</translation>
    </message>
    <message>
        <source>{name} has not agreed to advertising by {channels}. A promotion by this channel without consent is against the law (정보통신망법 제50조). Log it anyway?</source>
        <translation>{name}님은 {channels} 광고 수신에 동의하지 않았습니다. 동의 없이 이 채널로 홍보하면 법 위반입니다 (정보통신망법 제50조). 그래도 기록할까요?</translation>
    </message>
    <message>
        <source>Log (Enter)</source>
        <translation>기록 (Enter)</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>고객</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>채널</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>목적</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>후속 조치</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>직원</translation>
    </message>
</context>
<context>
    <name>LoyaltyPanel</name>
    <message>
        <source>Earned</source>
        <translation>적립</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>사용</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>소멸</translation>
    </message>
    <message>
        <source>Adjusted</source>
        <translation>조정</translation>
    </message>
    <message>
        <source>Enter a whole number of points, e.g. 500 or -200.</source>
        <translation>포인트를 정수로 입력하세요. 예: 500 또는 -200</translation>
    </message>
    <message>
        <source>That many points is implausible; check the number.</source>
        <translation>포인트가 너무 많습니다. 숫자를 확인하세요.</translation>
    </message>
    <message>
        <source>Say why the points are adjusted.</source>
        <translation>조정 사유를 입력하세요.</translation>
    </message>
    <message>
        <source>The reason is too long (at most 200 characters).</source>
        <translation>사유가 너무 깁니다 (최대 200자).</translation>
    </message>
    <message>
        <source>The customer does not have that many points.</source>
        <translation>고객의 포인트가 부족합니다.</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>일시</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>내역</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>포인트</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>잔액</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>비고</translation>
    </message>
    <message>
        <source>Earn taken back</source>
        <translation>적립 취소</translation>
    </message>
    <message>
        <source>Given back</source>
        <translation>사용 취소(환원)</translation>
    </message>
    <message>
        <source>purchase #{id}</source>
        <translation>구매 #{id}</translation>
    </message>
    <message>
        <source>voided</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>imported sale</source>
        <translation>가져온 매출</translation>
    </message>
    <message>
        <source>expires {day}</source>
        <translation>{day} 소멸</translation>
    </message>
    <message>
        <source>+500 or -200</source>
        <translation>+500 또는 -200</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>사유 (필수)</translation>
    </message>
    <message>
        <source>Adjust points</source>
        <translation>포인트 조정</translation>
    </message>
    <message>
        <source>{points} P</source>
        <translation>{points} P</translation>
    </message>
    <message>
        <source>Tier: {tier}</source>
        <translation>등급: {tier}</translation>
    </message>
    <message>
        <source>Spent in the last 12 months: {spend}</source>
        <translation>최근 12개월 구매액: {spend}</translation>
    </message>
    <message>
        <source>{amount} more to {tier}</source>
        <translation>{tier}까지 {amount}</translation>
    </message>
    <message>
        <source>{points} P expire on {day}</source>
        <translation>{day}에 {points} P 소멸 예정</translation>
    </message>
    <message>
        <source>Below zero: a voided purchase took back points already used.</source>
        <translation>잔액이 마이너스입니다: 취소된 구매의 적립분이 이미 사용되었습니다.</translation>
    </message>
</context>
<context>
    <name>LoyaltySettings</name>
    <message>
        <source>The earn rate is a percentage from 0 to 100.</source>
        <translation>적립률은 0~100 % 사이입니다.</translation>
    </message>
    <message>
        <source>Points last 1 to 120 months.</source>
        <translation>포인트 유효기간은 1~120개월입니다.</translation>
    </message>
    <message>
        <source>Write the tiers as name=minimum spend, separated by commas, each name once.</source>
        <translation>등급은 이름=최소 구매액 형식으로 쉼표로 구분해 쓰세요. 이름은 한 번씩만.</translation>
    </message>
    <message>
        <source>The lowest tier must start at 0.</source>
        <translation>가장 낮은 등급은 0부터 시작해야 합니다.</translation>
    </message>
</context>
<context>
    <name>LoyaltySettingsGroup</name>
    <message>
        <source>Loyalty points and tiers</source>
        <translation>포인트와 회원 등급</translation>
    </message>
    <message>
        <source> months</source>
        <translation>개월</translation>
    </message>
    <message>
        <source>Spend over the last 12 months that puts a customer in each tier</source>
        <translation>각 등급이 되는 최근 12개월 구매액</translation>
    </message>
    <message>
        <source>Save loyalty settings</source>
        <translation>포인트·등급 설정 저장</translation>
    </message>
    <message>
        <source>Points earned per purchase</source>
        <translation>구매 시 적립률</translation>
    </message>
    <message>
        <source>Points expire after</source>
        <translation>포인트 유효기간</translation>
    </message>
    <message>
        <source>Tiers (name=minimum 12-month spend)</source>
        <translation>등급 (이름=최근 12개월 최소 구매액)</translation>
    </message>
    <message>
        <source>Loyalty settings saved; {n} customers changed tier.</source>
        <translation>포인트·등급 설정을 저장했습니다. 등급이 바뀐 고객 {n}명.</translation>
    </message>
</context>
<context>
    <name>MainContactRow</name>
    <message>
        <source>Use</source>
        <translation>지정</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>Served most by {name} ({n} times)</source>
        <translation>가장 많이 응대: {name} ({n}회)</translation>
    </message>
    <message>
        <source>Main contact saved.</source>
        <translation>담당 직원을 저장했습니다.</translation>
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
        <source>Today</source>
        <translation>오늘</translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation>고객의 소리</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>직원</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>대시보드</translation>
    </message>
    <message>
        <source>Birthdays</source>
        <translation>생일</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>중복 고객</translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation>개인정보</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>캠페인</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>보고서</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>서비스 품질</translation>
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
        <source>&amp;Service</source>
        <translation>서비스(&amp;S)</translation>
    </message>
    <message>
        <source>Counter &amp;survey…</source>
        <translation>매장 설문(&amp;S)…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>로그아웃(&amp;O)</translation>
    </message>
    <message>
        <source>Contact with {name} logged.</source>
        <translation>{name} 님과의 접촉을 기록했습니다.</translation>
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
    <name>MessageBox</name>
    <message>
        <source>Message</source>
        <translation>메시지</translation>
    </message>
    <message>
        <source>e.g. #{이름}님, 가을 신메뉴 10% 할인! — variables: %1</source>
        <translation>예: #{이름}님, 가을 신메뉴 10% 할인! — 변수: %1</translation>
    </message>
    <message>
        <source>A notice, not advertising (no (광고) marking)</source>
        <translation>광고가 아닌 안내 ((광고) 표시 없음)</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>미리보기</translation>
    </message>
    <message>
        <source>Send at</source>
        <translation>발송 시각</translation>
    </message>
    <message>
        <source>Write the message and choose a campaign to see it for three recipients.</source>
        <translation>메시지를 쓰고 캠페인을 고르면 수신자 세 명에게 갈 내용을 보여 드립니다.</translation>
    </message>
    <message>
        <source>SMS (up to 90 bytes)</source>
        <translation>SMS (90바이트까지)</translation>
    </message>
    <message>
        <source>LMS (up to 2,000 bytes)</source>
        <translation>LMS (2,000바이트까지)</translation>
    </message>
    <message>
        <source>too long for an LMS (over 2,000 bytes)</source>
        <translation>LMS로도 너무 깁니다 (2,000바이트 초과)</translation>
    </message>
    <message>
        <source>{name}: e-mail to {address}</source>
        <translation>{name}: {address}(으)로 보낼 이메일</translation>
    </message>
    <message>
        <source>{name}: {size:,} bytes · {kind}</source>
        <translation>{name}: {size:,}바이트 · {kind}</translation>
    </message>
    <message>
        <source>Nobody in this campaign can receive the message now.</source>
        <translation>지금 이 캠페인에서 메시지를 받을 수 있는 고객이 없습니다.</translation>
    </message>
    <message>
        <source>{n:,} left out: the send time is between 21:00 and 08:00 and they have no night-time consent.</source>
        <translation>{n:,}명 제외: 발송 시각이 21시-08시이고 야간 수신 동의가 없습니다.</translation>
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
        <source>No coupon has this code; check it or scan it again.</source>
        <translation>이 코드의 쿠폰이 없습니다. 확인하거나 다시 스캔하세요.</translation>
    </message>
    <message>
        <source>A coupon belongs to a customer: choose the customer first.</source>
        <translation>쿠폰은 고객의 것입니다: 먼저 고객을 선택하세요.</translation>
    </message>
    <message>
        <source>This coupon was given to another customer.</source>
        <translation>다른 고객에게 발행된 쿠폰입니다.</translation>
    </message>
    <message>
        <source>This coupon has expired.</source>
        <translation>유효기간이 지난 쿠폰입니다.</translation>
    </message>
    <message>
        <source>This coupon was already used on another purchase.</source>
        <translation>이미 다른 구매에 사용된 쿠폰입니다.</translation>
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
        <source>Choose the customer first.</source>
        <translation>먼저 고객을 선택하세요.</translation>
    </message>
    <message>
        <source>This customer no longer exists.</source>
        <translation>이 고객은 더 이상 없습니다.</translation>
    </message>
    <message>
        <source>This customer is archived; restore the card first.</source>
        <translation>보관된 고객입니다. 먼저 카드를 복원하세요.</translation>
    </message>
    <message>
        <source>This staff member no longer exists.</source>
        <translation>이 직원은 더 이상 없습니다.</translation>
    </message>
    <message>
        <source>Choose a channel from the list.</source>
        <translation>목록에서 채널을 고르세요.</translation>
    </message>
    <message>
        <source>Choose a purpose from the list.</source>
        <translation>목록에서 목적을 고르세요.</translation>
    </message>
    <message>
        <source>Without the customer&apos;s agreement to collect and use personal data the card keeps no phone or e-mail (and no marketing purpose): tick the agreement, or keep only a name.</source>
        <translation>개인정보 수집·이용 동의 없이는 전화번호나 이메일(그리고 광고 수신)을 기록할 수 없습니다. 동의를 체크하거나 이름만 남기세요.</translation>
    </message>
    <message>
        <source>Set the free opt-out number (080…) in Settings first: every advertising message must end with it.</source>
        <translation>먼저 설정에서 무료수신거부 번호(080…)를 입력하세요. 모든 광고 메시지는 이 번호로 끝나야 합니다.</translation>
    </message>
    <message>
        <source>Set the shop&apos;s name in Settings first: an advertising message starts with (광고) and the shop&apos;s name.</source>
        <translation>먼저 설정에서 상호를 입력하세요. 광고 메시지는 (광고)와 상호로 시작합니다.</translation>
    </message>
    <message>
        <source>Write the message first.</source>
        <translation>먼저 메시지를 쓰세요.</translation>
    </message>
    <message>
        <source>The free opt-out number is a toll-free 080 number.</source>
        <translation>무료수신거부 번호는 080으로 시작하는 수신자 부담 번호입니다.</translation>
    </message>
    <message>
        <source>A follow-up date cannot lie in the past.</source>
        <translation>후속 조치 날짜는 과거일 수 없습니다.</translation>
    </message>
    <message>
        <source>This follow-up is already done.</source>
        <translation>이미 완료된 후속 조치입니다.</translation>
    </message>
    <message>
        <source>Choose what kind of feedback this is.</source>
        <translation>고객의 소리 유형을 고르세요.</translation>
    </message>
    <message>
        <source>Choose a severity from the list.</source>
        <translation>목록에서 심각도를 고르세요.</translation>
    </message>
    <message>
        <source>Write down what the customer said.</source>
        <translation>고객이 한 말을 적어 주세요.</translation>
    </message>
    <message>
        <source>This status change is not allowed from the current status.</source>
        <translation>현재 상태에서는 이 상태로 바꿀 수 없습니다.</translation>
    </message>
    <message>
        <source>Write how it was resolved before marking it resolved.</source>
        <translation>해결 처리 전에 해결 방법을 적어 주세요.</translation>
    </message>
    <message>
        <source>A change cannot come before the feedback was received.</source>
        <translation>접수 시각보다 앞선 변경은 할 수 없습니다.</translation>
    </message>
    <message>
        <source>A target lies between 1 hour and 90 days.</source>
        <translation>목표 시간은 1시간에서 90일 사이입니다.</translation>
    </message>
    <message>
        <source>The first response cannot be due after the resolution.</source>
        <translation>첫 응대 목표가 해결 목표보다 늦을 수 없습니다.</translation>
    </message>
    <message>
        <source>A PIN has at least 4 digits.</source>
        <translation>PIN은 4자리 이상이어야 합니다.</translation>
    </message>
    <message>
        <source>An owner&apos;s PIN has at least 6 digits.</source>
        <translation>사장님 PIN은 6자리 이상입니다.</translation>
    </message>
    <message>
        <source>Give an owner a password or PIN first, or nobody could sign in as owner.</source>
        <translation>먼저 사장님 계정에 비밀번호나 PIN을 정하세요. 그렇지 않으면 아무도 사장님으로 로그인할 수 없습니다.</translation>
    </message>
    <message>
        <source>A password has at least 6 characters (or use a PIN of at least 4 digits).</source>
        <translation>비밀번호는 6자 이상이어야 합니다(또는 4자리 이상 PIN 사용).</translation>
    </message>
    <message>
        <source>Enter the staff member&apos;s name.</source>
        <translation>직원 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>Choose a role from the list.</source>
        <translation>목록에서 역할을 고르세요.</translation>
    </message>
    <message>
        <source>This customer&apos;s data was erased; nothing new can be added to the card.</source>
        <translation>이 고객의 개인정보는 삭제되었습니다. 이 카드에는 새로 추가할 수 없습니다.</translation>
    </message>
    <message>
        <source>Give the touchpoint a name (English or Korean).</source>
        <translation>접점 이름을 넣으세요 (영어나 한국어).</translation>
    </message>
    <message>
        <source>This touchpoint is not on the shop&apos;s list any more.</source>
        <translation>이 접점은 더 이상 가게 목록에 없습니다.</translation>
    </message>
    <message>
        <source>A rating is a whole number from 1 to 5.</source>
        <translation>평가는 1부터 5까지의 정수입니다.</translation>
    </message>
    <message>
        <source>The recommendation answer is a number from 0 to 10.</source>
        <translation>추천 의향은 0부터 10까지의 숫자입니다.</translation>
    </message>
    <message>
        <source>Hand the customers over to someone else.</source>
        <translation>다른 직원에게 고객을 넘기세요.</translation>
    </message>
    <message>
        <source>Choose an active staff member.</source>
        <translation>활성 직원을 고르세요.</translation>
    </message>
    <message>
        <source>Write a number, e.g. 1200 or 62.5.</source>
        <translation>숫자로 쓰세요 (예: 1200, 62.5).</translation>
    </message>
    <message>
        <source>A cost cannot be negative.</source>
        <translation>원가는 음수일 수 없습니다.</translation>
    </message>
    <message>
        <source>This cost is implausibly large; check it.</source>
        <translation>원가가 지나치게 큽니다. 확인하세요.</translation>
    </message>
    <message>
        <source>A margin is 0 to 100 %.</source>
        <translation>마진율은 0~100 %입니다.</translation>
    </message>
    <message>
        <source>A category name is 1 to 100 characters.</source>
        <translation>분류 이름은 1~100자입니다.</translation>
    </message>
    <message>
        <source>Store visit</source>
        <translation>매장 방문</translation>
    </message>
    <message>
        <source>Call in</source>
        <translation>전화 수신</translation>
    </message>
    <message>
        <source>Call out</source>
        <translation>전화 발신</translation>
    </message>
    <message>
        <source>KakaoTalk/SMS</source>
        <translation>카카오톡/문자</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>이메일</translation>
    </message>
    <message>
        <source>Home/after-sales visit</source>
        <translation>방문/AS 출장</translation>
    </message>
    <message>
        <source>Purchase</source>
        <translation>구매</translation>
    </message>
    <message>
        <source>Inquiry</source>
        <translation>문의</translation>
    </message>
    <message>
        <source>After-sales</source>
        <translation>AS</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>불만</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>후속 조치</translation>
    </message>
    <message>
        <source>Promotion</source>
        <translation>홍보</translation>
    </message>
    <message>
        <source>Compliment</source>
        <translation>칭찬</translation>
    </message>
    <message>
        <source>Suggestion</source>
        <translation>제안</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>낮음</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>보통</translation>
    </message>
    <message>
        <source>High</source>
        <translation>높음</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>긴급</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>접수</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>처리 중</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>해결됨</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>종결됨</translation>
    </message>
    <message>
        <source>Apology</source>
        <translation>사과</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>환불</translation>
    </message>
    <message>
        <source>Coupon</source>
        <translation>쿠폰</translation>
    </message>
    <message>
        <source>Replacement</source>
        <translation>교환</translation>
    </message>
    <message>
        <source>Repair</source>
        <translation>수리</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>서비스</translation>
    </message>
    <message>
        <source>Taste/quality</source>
        <translation>맛/품질</translation>
    </message>
    <message>
        <source>Waiting time</source>
        <translation>대기 시간</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>가격</translation>
    </message>
    <message>
        <source>Cleanliness</source>
        <translation>청결</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>상품</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>사장</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>직원</translation>
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
        <source>The message uses a variable crmdesk does not fill; use #{이름}, #{포인트}, #{등급}, #{추천상품} or #{가족이름}.</source>
        <translation>메시지에 crmdesk가 채울 수 없는 변수가 있습니다. #{이름}, #{포인트}, #{등급}, #{추천상품}, #{가족이름}을 쓰세요.</translation>
    </message>
    <message>
        <source>This is the only owner who can sign in: give another owner a password or PIN first, or remove the staff passwords.</source>
        <translation>로그인할 수 있는 유일한 사장님 계정입니다. 다른 사장님 계정에 먼저 비밀번호나 PIN을 정하거나 직원 비밀번호를 지우세요.</translation>
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
    <name>MoveDatabaseGroup</name>
    <message>
        <source>Move to another database</source>
        <translation>다른 데이터베이스로 옮기기</translation>
    </message>
    <message>
        <source>Copies every customer, purchase, point, consent record, audit entry and setting into an empty database: the shop&apos;s PostgreSQL server (its URL from `crmdesk server init`) or a new file. This database stays as it is; afterwards start crmdesk on every terminal with the new one.</source>
        <translation>고객, 구매, 포인트, 동의 기록, 감사 기록, 설정을 모두 빈 데이터베이스로 복사합니다: 매장의 PostgreSQL 서버(`crmdesk server init`이 알려 준 URL) 또는 새 파일. 지금 데이터베이스는 그대로 남습니다. 복사 후에는 모든 단말기에서 새 데이터베이스로 crmdesk를 시작하세요.</translation>
    </message>
    <message>
        <source>postgresql+psycopg://crmdesk:password@192.168.0.10:5432/shop or a file</source>
        <translation>postgresql+psycopg://crmdesk@192.168.0.10:5432/shop 또는 파일</translation>
    </message>
    <message>
        <source>Server password</source>
        <translation>서버 비밀번호</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>파일…</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>옮기기</translation>
    </message>
    <message>
        <source>New database file</source>
        <translation>새 데이터베이스 파일</translation>
    </message>
    <message>
        <source>crmdesk database (*.sqlite3)</source>
        <translation>crmdesk 데이터베이스 (*.sqlite3)</translation>
    </message>
    <message>
        <source>Enter the new database&apos;s URL, or choose a file.</source>
        <translation>새 데이터베이스의 URL을 입력하거나 파일을 고르세요.</translation>
    </message>
    <message>
        <source>Copy everything into %1? This database is left as it is.</source>
        <translation>모든 내용을 %1(으)로 복사할까요? 지금 데이터베이스는 그대로 둡니다.</translation>
    </message>
    <message>
        <source>Copied %1 rows into %2; every table&apos;s rows and sums match the source.

%3

Start crmdesk with --db and the new database (or set CRMDESK_DB) on every terminal.</source>
        <translation>%2(으)로 %1행을 복사했습니다. 표마다 행 수와 합계가 원본과 같습니다.

%3

모든 단말기에서 --db에 새 데이터베이스를 주어(또는 CRMDESK_DB를 설정해) crmdesk를 시작하세요.</translation>
    </message>
    <message>
        <source>Moved into %1</source>
        <translation>%1(으)로 옮겼습니다</translation>
    </message>
    <message>
        <source>Nothing was moved: %1</source>
        <translation>옮기지 않았습니다: %1</translation>
    </message>
</context>
<context>
    <name>PairsModel</name>
    <message>
        <source>Why</source>
        <translation>의심 이유</translation>
    </message>
    <message>
        <source>Card A</source>
        <translation>카드 A</translation>
    </message>
    <message>
        <source>Card B</source>
        <translation>카드 B</translation>
    </message>
</context>
<context>
    <name>ParetoChart</name>
    <message>
        <source>Customers, best first (%)</source>
        <translation>고객 비율, 상위 고객부터 (%)</translation>
    </message>
    <message>
        <source>Share of revenue (%)</source>
        <translation>매출 비중 (%)</translation>
    </message>
    <message>
        <source>Share of margin (%)</source>
        <translation>마진 비율 (%)</translation>
    </message>
    <message>
        <source>Top 20 % of customers: {share} of margin</source>
        <translation>상위 20 % 고객: 마진의 {share}</translation>
    </message>
    <message>
        <source>Top 20 % of customers: {share} of revenue</source>
        <translation>상위 20% 고객: 매출의 {share}</translation>
    </message>
    <message>
        <source>{n} customers bought: too few to tell the top 20 %&apos;s share</source>
        <translation>구매 고객 {n}명: 상위 20 %의 비중을 말하기에는 너무 적습니다</translation>
    </message>
    <message>
        <source>Best {count} customers ({share}): {revenue_share} of margin</source>
        <translation>상위 {count}명 ({share}): 마진의 {revenue_share}</translation>
    </message>
    <message>
        <source>Best {count} customers ({share}): {revenue_share} of revenue</source>
        <translation>상위 고객 {count}명 ({share}): 매출의 {revenue_share}</translation>
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
    <name>PrivacyScreen</name>
    <message>
        <source>opened card</source>
        <translation>카드 열람</translation>
    </message>
    <message>
        <source>created card</source>
        <translation>카드 생성</translation>
    </message>
    <message>
        <source>changed card</source>
        <translation>카드 수정</translation>
    </message>
    <message>
        <source>consent</source>
        <translation>동의 기록</translation>
    </message>
    <message>
        <source>export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <source>merge</source>
        <translation>병합</translation>
    </message>
    <message>
        <source>merge undone</source>
        <translation>병합 취소</translation>
    </message>
    <message>
        <source>erased</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>archived</source>
        <translation>보관</translation>
    </message>
    <message>
        <source>restored</source>
        <translation>복원</translation>
    </message>
    <message>
        <source>signed in</source>
        <translation>로그인</translation>
    </message>
    <message>
        <source>sign-in failed</source>
        <translation>로그인 실패</translation>
    </message>
    <message>
        <source>account locked</source>
        <translation>계정 잠김</translation>
    </message>
    <message>
        <source>signed out</source>
        <translation>로그아웃</translation>
    </message>
    <message>
        <source>password set</source>
        <translation>비밀번호 설정</translation>
    </message>
    <message>
        <source>staff account</source>
        <translation>직원 계정</translation>
    </message>
    <message>
        <source>import</source>
        <translation>가져오기</translation>
    </message>
    <message>
        <source>setting changed</source>
        <translation>설정 변경</translation>
    </message>
    <message>
        <source>retention erase</source>
        <translation>보존 기간 삭제</translation>
    </message>
    <message>
        <source>backup made</source>
        <translation>백업 만듦</translation>
    </message>
    <message>
        <source>backup restored</source>
        <translation>백업 복원</translation>
    </message>
    <message>
        <source>purchase entered</source>
        <translation>구매 입력</translation>
    </message>
    <message>
        <source>purchase changed</source>
        <translation>구매 수정</translation>
    </message>
    <message>
        <source>purchase voided</source>
        <translation>구매 취소</translation>
    </message>
    <message>
        <source>history blanked (erasure)</source>
        <translation>기록 지움(삭제)</translation>
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
        <source>Lunar calendar</source>
        <translation>음력</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>성별</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>주소</translation>
    </message>
    <message>
        <source>Memo</source>
        <translation>메모</translation>
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
        <source>Came via</source>
        <translation>유입 경로</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>역할</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>고객</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>일시</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>합계</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>할인</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>결제 수단</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>직원</translation>
    </message>
    <message>
        <source>Receipt no.</source>
        <translation>영수증 번호</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>품목</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>재직 중</translation>
    </message>
    <message>
        <source>(details erased with the customer)</source>
        <translation>(고객 삭제와 함께 내용 삭제됨)</translation>
    </message>
    <message>
        <source>granted</source>
        <translation>동의</translation>
    </message>
    <message>
        <source>withdrawn</source>
        <translation>철회</translation>
    </message>
    <message>
        <source>tried while the account was locked</source>
        <translation>잠긴 계정으로 시도</translation>
    </message>
    <message>
        <source>wrong password or PIN, attempt {n}</source>
        <translation>비밀번호/PIN 틀림, {n}번째</translation>
    </message>
    <message>
        <source>locked until {time}</source>
        <translation>{time}까지 잠김</translation>
    </message>
    <message>
        <source>{name}: password or PIN set</source>
        <translation>{name}: 비밀번호/PIN 설정</translation>
    </message>
    <message>
        <source>{name}: password or PIN removed</source>
        <translation>{name}: 비밀번호/PIN 삭제</translation>
    </message>
    <message>
        <source>{n} rows</source>
        <translation>{n}행</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>감사 기록</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>보존 기간</translation>
    </message>
    <message>
        <source>Monthly export review</source>
        <translation>월간 내보내기 점검</translation>
    </message>
    <message>
        <source>Consent not confirmed</source>
        <translation>동의 미확인</translation>
    </message>
</context>
<context>
    <name>PurchaseDialog</name>
    <message>
        <source>Card</source>
        <translation>카드</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>현금</translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation>계좌이체</translation>
    </message>
    <message>
        <source>KakaoPay / easy pay</source>
        <translation>카카오페이 / 간편결제</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>기타</translation>
    </message>
    <message>
        <source>This card was merged into another one; enter the purchase there.</source>
        <translation>이 카드는 다른 카드에 합쳐졌습니다. 구매는 그 카드에 입력하세요.</translation>
    </message>
    <message>
        <source>Enter the date and time of the purchase.</source>
        <translation>구매 날짜와 시간을 입력하세요.</translation>
    </message>
    <message>
        <source>Choose a payment method from the list.</source>
        <translation>결제 수단을 목록에서 선택하세요.</translation>
    </message>
    <message>
        <source>Add at least one line: product, quantity, price.</source>
        <translation>상품, 수량, 단가로 한 줄 이상 추가하세요.</translation>
    </message>
    <message>
        <source>Enter the product.</source>
        <translation>상품을 입력하세요.</translation>
    </message>
    <message>
        <source>Write a whole number, e.g. 4500 or 4,500.</source>
        <translation>4500 또는 4,500처럼 정수로 입력하세요.</translation>
    </message>
    <message>
        <source>A quantity cannot be negative; to take a purchase back, void it.</source>
        <translation>수량은 음수일 수 없습니다. 구매를 되돌리려면 구매 취소를 하세요.</translation>
    </message>
    <message>
        <source>The quantity is at least 1.</source>
        <translation>수량은 1 이상이어야 합니다.</translation>
    </message>
    <message>
        <source>This quantity is implausibly large; check it.</source>
        <translation>수량이 너무 큽니다. 확인해 주세요.</translation>
    </message>
    <message>
        <source>A price cannot be negative.</source>
        <translation>단가는 음수일 수 없습니다.</translation>
    </message>
    <message>
        <source>Enter the unit price (0 for a free item).</source>
        <translation>단가를 입력하세요. (무료 상품은 0)</translation>
    </message>
    <message>
        <source>This amount is implausibly large; check it.</source>
        <translation>금액이 너무 큽니다. 확인해 주세요.</translation>
    </message>
    <message>
        <source>A discount cannot be negative.</source>
        <translation>할인은 음수일 수 없습니다.</translation>
    </message>
    <message>
        <source>The discount is larger than the line&apos;s amount.</source>
        <translation>할인이 그 줄의 금액보다 큽니다.</translation>
    </message>
    <message>
        <source>The receipt discount is larger than the lines together.</source>
        <translation>영수증 할인이 모든 줄의 합계보다 큽니다.</translation>
    </message>
    <message>
        <source>More points than the customer has; see the points available.</source>
        <translation>보유 포인트보다 많습니다. 사용 가능한 포인트를 확인하세요.</translation>
    </message>
    <message>
        <source>Points can pay at most the purchase total.</source>
        <translation>포인트는 구매 합계까지만 사용할 수 있습니다.</translation>
    </message>
    <message>
        <source>Points used cannot be negative.</source>
        <translation>사용 포인트는 음수일 수 없습니다.</translation>
    </message>
    <message>
        <source>This purchase was voided and cannot be changed.</source>
        <translation>취소된 구매라서 수정할 수 없습니다.</translation>
    </message>
    <message>
        <source>Say why the purchase is voided.</source>
        <translation>구매를 취소하는 이유를 입력하세요.</translation>
    </message>
    <message>
        <source>Line {n}: {problem}</source>
        <translation>{n}번째 줄: {problem}</translation>
    </message>
    <message>
        <source>Purchase — {name}</source>
        <translation>구매 — {name}</translation>
    </message>
    <message>
        <source>New purchase — {name}</source>
        <translation>구매 입력 — {name}</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>선택 사항</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>일시</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>결제 수단</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>담당 직원</translation>
    </message>
    <message>
        <source>Receipt no.</source>
        <translation>영수증 번호</translation>
    </message>
    <message>
        <source>Product (type to search the catalogue)</source>
        <translation>상품 (입력하면 상품 목록에서 찾습니다)</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>분류</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>단가</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>할인</translation>
    </message>
    <message>
        <source>Add line</source>
        <translation>줄 추가</translation>
    </message>
    <message>
        <source>Enter moves on: product → quantity → price adds the line; Enter on an empty product saves.</source>
        <translation>Enter로 다음 칸으로: 상품 → 수량 → 단가에서 줄 추가, 빈 상품 칸에서 Enter를 누르면 저장합니다.</translation>
    </message>
    <message>
        <source>Double-click a line to change it; Delete removes it</source>
        <translation>줄을 두 번 클릭하면 수정, Delete 키로 삭제합니다</translation>
    </message>
    <message>
        <source>Remove line</source>
        <translation>줄 삭제</translation>
    </message>
    <message>
        <source>Receipt discount</source>
        <translation>영수증 할인</translation>
    </message>
    <message>
        <source>({points} P available)</source>
        <translation>(사용 가능 {points} P)</translation>
    </message>
    <message>
        <source>Points used</source>
        <translation>포인트 사용</translation>
    </message>
    <message>
        <source>Why is it voided? e.g. entered twice, refunded</source>
        <translation>취소 사유 (예: 중복 입력, 환불)</translation>
    </message>
    <message>
        <source>Void purchase</source>
        <translation>구매 취소</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>구매 취소…</translation>
    </message>
    <message>
        <source>Keep the purchase on record but count it nowhere</source>
        <translation>기록은 남기되 어떤 합계에도 넣지 않습니다</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Voided on {when}: {reason}. It stays on record and counts nowhere.</source>
        <translation>{when}에 취소됨: {reason}. 기록은 남지만 어떤 합계에도 들어가지 않습니다.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>{subtotal} − {discount} = Total {total}</source>
        <translation>{subtotal} − {discount} = 합계 {total}</translation>
    </message>
    <message>
        <source>Total {total}</source>
        <translation>합계 {total}</translation>
    </message>
    <message>
        <source>− {points} P = to pay {pay}</source>
        <translation>− {points} P = 결제 {pay}</translation>
    </message>
    <message>
        <source>Void this purchase of {total}? It stays on record but no longer counts in the customer&apos;s totals. A void cannot be undone.</source>
        <translation>{total} 구매를 취소할까요? 기록은 남지만 고객의 합계에서 빠집니다. 구매 취소는 되돌릴 수 없습니다.</translation>
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
    <message>
        <source>VOIDED · {items}</source>
        <translation>취소됨 · {items}</translation>
    </message>
    <message>
        <source>Voided: {reason}</source>
        <translation>취소 사유: {reason}</translation>
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
    <name>RatingRow</name>
    <message>
        <source>{name}: 1 (very poor) to 5 (excellent); empty = not rated</source>
        <translation>{name}: 1(매우 나쁨)~5(매우 좋음), 비우면 평가 안 함</translation>
    </message>
</context>
<context>
    <name>RelativesView</name>
    <message>
        <source>Targeted relatives and their household&apos;s revenue</source>
        <translation>대상 가족과 가구 매출</translation>
    </message>
    <message>
        <source>Relative</source>
        <translation>가족</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>관계</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>가구</translation>
    </message>
    <message>
        <source>Family customer</source>
        <translation>가족 고객</translation>
    </message>
    <message>
        <source>The household&apos;s best other customer: #{가족이름} in the message</source>
        <translation>가구의 다른 우수 고객: 메시지의 #{가족이름}</translation>
    </message>
    <message>
        <source>Household revenue</source>
        <translation>가구 매출</translation>
    </message>
    <message>
        <source>Last purchase</source>
        <translation>최근 구매</translation>
    </message>
    <message>
        <source>never</source>
        <translation>없음</translation>
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
    <name>ReportPanel</name>
    <message>
        <source>Segment report (monthly review)</source>
        <translation>세그먼트 보고서 (월간 검토)</translation>
    </message>
    <message>
        <source>Call list of a segment</source>
        <translation>세그먼트 전화 연락 목록</translation>
    </message>
    <message>
        <source>Customer card</source>
        <translation>고객 카드</translation>
    </message>
    <message>
        <source>everyone</source>
        <translation>전체</translation>
    </message>
    <message>
        <source>Customers listed per segment, highest value first; 0 leaves the lists out</source>
        <translation>세그먼트마다 목록에 넣을 고객 수 (누적 구매액 높은 순). 0이면 목록을 넣지 않습니다</translation>
    </message>
    <message>
        <source>The customers with the highest value first; a day&apos;s calls, not the whole segment</source>
        <translation>누적 구매액이 높은 고객부터 넣습니다. 세그먼트 전체가 아니라 하루에 걸 전화만큼</translation>
    </message>
    <message>
        <source>Print full phone numbers (otherwise 010-****-5678)</source>
        <translation>전화번호 전체 출력 (선택하지 않으면 010-****-5678)</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>보고서</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>세그먼트</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>기준일</translation>
    </message>
    <message>
        <source>Customers listed per segment</source>
        <translation>세그먼트별 목록 고객 수</translation>
    </message>
    <message>
        <source>At most, on the list</source>
        <translation>목록 최대 인원</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>용지</translation>
    </message>
    <message>
        <source>Preview…</source>
        <translation>미리 보기…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>출력…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>PDF로 저장…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Save the report as PDF</source>
        <translation>보고서를 PDF로 저장</translation>
    </message>
    <message>
        <source>Preparing the report…</source>
        <translation>보고서를 준비하는 중…</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>취소했습니다.</translation>
    </message>
    <message>
        <source>The report could not be made: {error}</source>
        <translation>보고서를 만들 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>Saved {pages} pages to {path}.</source>
        <translation>{pages}쪽을 {path}에 저장했습니다.</translation>
    </message>
    <message>
        <source>The report could not be printed: {error}</source>
        <translation>보고서를 출력할 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>Sent {pages} pages to the printer.</source>
        <translation>프린터로 {pages}쪽을 보냈습니다.</translation>
    </message>
</context>
<context>
    <name>ReportsScreen</name>
    <message>
        <source>Reports</source>
        <translation>보고서</translation>
    </message>
    <message>
        <source>Print the monthly segment report, or a call list of the customers in one segment who agreed to be called. Preview first, then print or save as PDF.</source>
        <translation>월간 세그먼트 보고서나, 한 세그먼트에서 연락에 동의한 고객의 전화 연락 목록을 출력합니다. 먼저 미리 본 뒤 출력하거나 PDF로 저장하세요.</translation>
    </message>
</context>
<context>
    <name>RetentionView</name>
    <message>
        <source> years</source>
        <translation>년</translation>
    </message>
    <message>
        <source>Keep this period</source>
        <translation>이 기간으로 저장</translation>
    </message>
    <message>
        <source>List inactive customers</source>
        <translation>비활동 고객 조회</translation>
    </message>
    <message>
        <source>Erase all listed…</source>
        <translation>목록 전체 삭제…</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>고객</translation>
    </message>
    <message>
        <source>Last activity</source>
        <translation>마지막 활동</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>방문</translation>
    </message>
    <message>
        <source>Spent</source>
        <translation>구매액</translation>
    </message>
    <message>
        <source>Personal data is kept only as long as it is needed. Customers with no purchase, contact, feedback or change for the period below are listed here for review. Erasing removes their personal data for good; their purchases stay as anonymous figures, so the shop&apos;s totals do not change.</source>
        <translation>개인정보는 필요한 기간 동안만 보관합니다. 아래 기간 동안 구매, 접점, 피드백, 수정이 없었던 고객을 검토할 수 있도록 보여 줍니다. 삭제하면 개인정보가 영구히 지워지며, 구매 기록은 익명 수치로 남아 매장 합계는 바뀌지 않습니다.</translation>
    </message>
    <message>
        <source>No activity for</source>
        <translation>활동 없음:</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>보존 기간</translation>
    </message>
    <message>
        <source>{count} customers have had no activity for {years} years or more.</source>
        <translation>{years}년 이상 활동이 없는 고객 {count}명.</translation>
    </message>
    <message>
        <source>Erase {count} selected…</source>
        <translation>선택한 {count}명 삭제…</translation>
    </message>
    <message>
        <source>Erase the personal data of {count} customers?

This cannot be undone: names, phone numbers, addresses and notes are removed for good. Purchases stay as anonymous figures.</source>
        <translation>고객 {count}명의 개인정보를 삭제할까요?

되돌릴 수 없습니다. 이름, 전화번호, 주소, 메모가 영구히 지워집니다. 구매 기록은 익명 수치로 남습니다.</translation>
    </message>
    <message>
        <source>Erase inactive customers</source>
        <translation>비활동 고객 삭제</translation>
    </message>
    <message>
        <source>Not erased</source>
        <translation>삭제하지 못함</translation>
    </message>
    <message>
        <source>Customers erased: {count}.</source>
        <translation>삭제한 고객: {count}명.</translation>
    </message>
</context>
<context>
    <name>RevenueChart</name>
    <message>
        <source>Revenue</source>
        <translation>매출</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>마진</translation>
    </message>
    <message>
        <source>{first} to {last}: margin {total}; best month {best}</source>
        <translation>{first} ~ {last}: 마진 {total}; 최고 월 {best}</translation>
    </message>
    <message>
        <source>{first} to {last}: revenue {total}; best month {best}</source>
        <translation>{first}~{last}: 매출 {total}; 최고의 달 {best}</translation>
    </message>
    <message>
        <source>{month}: margin {revenue}, {purchases} purchases by {customers} customers</source>
        <translation>{month}: 마진 {revenue}, 구매 {purchases}건, 고객 {customers}명</translation>
    </message>
    <message>
        <source>{month}: revenue {revenue}, {purchases} purchases by {customers} customers</source>
        <translation>{month}: 매출 {revenue}, 구매 {purchases}건, 구매 고객 {customers}명</translation>
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
    <name>SegmentChart</name>
    <message>
        <source>% of customers / % of revenue</source>
        <translation>고객 비율(%) / 매출 비중(%)</translation>
    </message>
    <message>
        <source>% of customers / % of margin</source>
        <translation>고객 비율(%) / 마진 비중(%)</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>고객</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>매출</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>마진</translation>
    </message>
    <message>
        <source>{segment}: {customers} customers ({share}), margin {revenue} ({revenue_share})</source>
        <translation>{segment}: 고객 {customers}명 ({share}), 마진 {revenue} ({revenue_share})</translation>
    </message>
    <message>
        <source>{segment}: {customers} customers ({share}), revenue {revenue} ({revenue_share})</source>
        <translation>{segment}: 고객 {customers}명 ({share}), 매출 {revenue} ({revenue_share})</translation>
    </message>
</context>
<context>
    <name>SegmentEditor</name>
    <message>
        <source>RFM segments</source>
        <translation>RFM 세그먼트</translation>
    </message>
    <message>
        <source>Each customer who bought gets three scores from 1 to 5 (5 best): R recency, F frequency, M money. Choose the segment of each of the 125 codes; the dashboard, the card and `crmdesk rfm` use it.</source>
        <translation>구매한 고객마다 1~5점(5가 최고) 세 가지 점수를 받습니다: R 최근성, F 구매 빈도, M 구매액. 125개 코드마다 세그먼트를 고르세요. 대시보드, 고객 카드, `crmdesk rfm`이 이 구분을 씁니다.</translation>
    </message>
    <message>
        <source>Show codes starting with… (e.g. 5 or 54)</source>
        <translation>이 숫자로 시작하는 코드만 보기… (예: 5 또는 54)</translation>
    </message>
    <message>
        <source>Code (R F M)</source>
        <translation>코드 (R F M)</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>세그먼트</translation>
    </message>
    <message>
        <source>Default mapping</source>
        <translation>기본 구분으로</translation>
    </message>
    <message>
        <source>Put every code back in its default segment (saved when you press Save)</source>
        <translation>모든 코드를 기본 세그먼트로 되돌립니다(저장을 누르면 저장됨)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
</context>
<context>
    <name>ServiceScreen</name>
    <message>
        <source>Counter survey…</source>
        <translation>매장 설문…</translation>
    </message>
    <message>
        <source>Touchpoints…</source>
        <translation>접점 관리…</translation>
    </message>
    <message>
        <source>Touchpoint</source>
        <translation>접점</translation>
    </message>
    <message>
        <source>Ratings</source>
        <translation>평가 수</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>평균</translation>
    </message>
    <message>
        <source>Share of best</source>
        <translation>만점 대비</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>최근 달</translation>
    </message>
    <message>
        <source>Trend</source>
        <translation>추세</translation>
    </message>
    <message>
        <source>Click a touchpoint to see its low ratings and the notes behind them.</source>
        <translation>접점을 누르면 낮은 평가와 그 메모가 보입니다.</translation>
    </message>
    <message>
        <source>When</source>
        <translation>일시</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>점수</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>출처</translation>
    </message>
    <message>
        <source>survey</source>
        <translation>고객 설문</translation>
    </message>
    <message>
        <source>staff</source>
        <translation>직원 입력</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>From</source>
        <translation>기간</translation>
    </message>
    <message>
        <source>to</source>
        <translation>~</translation>
    </message>
    <message>
        <source>Month by month: average (ratings)</source>
        <translation>월별: 평균 (평가 수)</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>서비스 품질</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>월</translation>
    </message>
    <message>
        <source>No touchpoint ratings in this period yet: rate them when you log a contact (Ctrl+L) or let customers use the counter survey.</source>
        <translation>이 기간에 접점 평가가 아직 없습니다. 접촉을 기록할 때(Ctrl+L) 평가하거나 고객에게 매장 설문을 부탁하세요.</translation>
    </message>
    <message>
        <source>Overall satisfaction {overall}: the product of every touchpoint&apos;s share of the best score, so one weak moment pulls the whole visit down.</source>
        <translation>전체 만족도 {overall}: 접점마다 만점 대비 비율을 곱한 값이라, 한 접점이 약하면 방문 전체가 낮아집니다(곱셈의 법칙).</translation>
    </message>
    <message>
        <source> Would you recommend us (NPS, kept apart): {nps} from {n} answers.</source>
        <translation> 추천 의향(NPS, 따로 집계): {n}명 응답, {nps}.</translation>
    </message>
    <message>
        <source>Only {name} is rated so far.</source>
        <translation>아직 {name}만 평가되었습니다.</translation>
    </message>
    <message>
        <source>Weakest: {name} ({average}). If it matched the average of the others ({others}), the overall score would rise from {before} to {after}.</source>
        <translation>가장 약한 접점: {name} ({average}). 이 접점이 나머지의 평균({others})만큼 되면 전체 만족도가 {before}에서 {after}(으)로 오릅니다.</translation>
    </message>
    <message>
        <source>{name}: {n} low ratings (1-2) in this period, newest first</source>
        <translation>{name}: 이 기간 낮은 평가(1~2) {n}건, 최근 순</translation>
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
        <source> h</source>
        <translation>시간</translation>
    </message>
    <message>
        <source>Complaints, inquiries: first response within</source>
        <translation>불만·문의 첫 응대 목표</translation>
    </message>
    <message>
        <source>Complaints, inquiries: resolved within</source>
        <translation>불만·문의 해결 목표</translation>
    </message>
    <message>
        <source>RFM segments…</source>
        <translation>RFM 세그먼트…</translation>
    </message>
    <message>
        <source>Choose which segment each RFM code (e.g. 545) belongs to</source>
        <translation>RFM 코드(예: 545)마다 어느 세그먼트에 속하는지 고릅니다</translation>
    </message>
    <message>
        <source>Products and costs…</source>
        <translation>상품과 원가…</translation>
    </message>
    <message>
        <source>What each product costs, or its margin: the dashboard and reports can show margin instead of revenue</source>
        <translation>상품별 원가 또는 마진율: 대시보드와 보고서에서 매출 대신 마진을 볼 수 있습니다</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>대시보드</translation>
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
    <message>
        <source>Costs saved; press Refresh on the dashboard to see the margin.</source>
        <translation>원가를 저장했습니다. 대시보드에서 새로 고침을 누르면 마진에 반영됩니다.</translation>
    </message>
    <message>
        <source>RFM segments saved; press Refresh on the dashboard to see them.</source>
        <translation>RFM 세그먼트를 저장했습니다. 대시보드에서 새로 고침을 누르면 반영됩니다.</translation>
    </message>
</context>
<context>
    <name>ShopDetailsGroup</name>
    <message>
        <source>Shop details for advertising messages and consent forms</source>
        <translation>광고 메시지와 동의서에 들어갈 매장 정보</translation>
    </message>
    <message>
        <source>Save shop details</source>
        <translation>매장 정보 저장</translation>
    </message>
    <message>
        <source>Consent form (blank)…</source>
        <translation>동의서 (빈 양식)…</translation>
    </message>
    <message>
        <source>An A4 form to print and have signed: the shop&apos;s details, what the customer is told, each purpose to tick</source>
        <translation>인쇄해서 서명받는 A4 양식: 매장 정보, 고객 안내 사항, 항목별 체크란</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>전화</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>주소</translation>
    </message>
    <message>
        <source>Free opt-out number</source>
        <translation>무료수신거부 번호</translation>
    </message>
    <message>
        <source>Every advertising message ends with it (무료수신거부 080-…); without it crmdesk writes no advertising file.</source>
        <translation>모든 광고 메시지는 이 번호로 끝납니다 (무료수신거부 080-…). 번호가 없으면 광고 파일을 만들지 않습니다.</translation>
    </message>
    <message>
        <source>Shop details saved.</source>
        <translation>매장 정보를 저장했습니다.</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in — crmdesk</source>
        <translation>로그인 — crmdesk</translation>
    </message>
    <message>
        <source>password or PIN</source>
        <translation>비밀번호 또는 PIN</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>로그인</translation>
    </message>
    <message>
        <source>Who is at the counter?</source>
        <translation>카운터에 누가 계신가요?</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Password or PIN</source>
        <translation>비밀번호 또는 PIN</translation>
    </message>
    <message>
        <source>The database is busy with another change (an import?); try again when it has finished.</source>
        <translation>데이터베이스가 다른 변경(가져오기?)으로 바쁩니다. 끝난 뒤 다시 해 보세요.</translation>
    </message>
    <message>
        <source>The database cannot be reached or read; nobody was signed in.</source>
        <translation>데이터베이스에 연결하거나 읽을 수 없어 로그인하지 않았습니다.</translation>
    </message>
    <message>
        <source>Too many wrong tries: this account is locked until {time}.</source>
        <translation>잘못 입력한 횟수가 많아 {time}까지 계정이 잠겼습니다.</translation>
    </message>
    <message>
        <source>Wrong password or PIN (one more wrong try locks the account).</source>
        <translation>비밀번호 또는 PIN이 틀렸습니다(한 번 더 틀리면 계정이 잠깁니다).</translation>
    </message>
    <message>
        <source>Wrong password or PIN ({left} more tries before the account locks).</source>
        <translation>비밀번호 또는 PIN이 틀렸습니다(앞으로 {left}번 더 틀리면 계정이 잠깁니다).</translation>
    </message>
    <message>
        <source>This account cannot sign in; ask the owner.</source>
        <translation>이 계정으로는 로그인할 수 없습니다. 사장님께 문의하세요.</translation>
    </message>
</context>
<context>
    <name>StaffPicker</name>
    <message>
        <source>(nobody)</source>
        <translation>(지정 안 함)</translation>
    </message>
    <message>
        <source>{name} (inactive)</source>
        <translation>{name} (비활성)</translation>
    </message>
</context>
<context>
    <name>StaffScreen</name>
    <message>
        <source>This week</source>
        <translation>이번 주</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>이번 달</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>최근 30일</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>최근 90일</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>올해</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>(inactive)</source>
        <translation>(비활성)</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>역할</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>접촉</translation>
    </message>
    <message>
        <source>Follow-ups done</source>
        <translation>후속 조치 완료</translation>
    </message>
    <message>
        <source>Follow-ups overdue</source>
        <translation>후속 조치 지연</translation>
    </message>
    <message>
        <source>Complaints resolved</source>
        <translation>해결한 불만</translation>
    </message>
    <message>
        <source>Median resolution</source>
        <translation>해결 시간 중앙값</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>판매</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>매출</translation>
    </message>
    <message>
        <source>Regulars served</source>
        <translation>단골 응대</translation>
    </message>
    <message>
        <source>Main contact for</source>
        <translation>담당 고객</translation>
    </message>
    <message>
        <source>Complaints about</source>
        <translation>본인 관련 불만</translation>
    </message>
    <message>
        <source>Compliments</source>
        <translation>칭찬</translation>
    </message>
    <message>
        <source>Avg rating</source>
        <translation>평균 평가</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>재직 중</translation>
    </message>
    <message>
        <source>Add as new</source>
        <translation>새로 추가</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>변경 저장</translation>
    </message>
    <message>
        <source>Staff member</source>
        <translation>직원</translation>
    </message>
    <message>
        <source>4+ digit PIN or 6+ character password</source>
        <translation>4자리 이상 PIN 또는 6자 이상 비밀번호</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Password or PIN</source>
        <translation>비밀번호 또는 PIN</translation>
    </message>
    <message>
        <source>{n} customers handed over.</source>
        <translation>고객 {n}명을 넘겼습니다.</translation>
    </message>
    <message numerus="yes">
        <source>%n backup(s) or copies taken before sign-in was on still open without a password:</source>
        <translation>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Protect them (they will ask for the same passwords as this database) or remove them?</source>
        <translation>보호할까요(이 데이터베이스와 같은 비밀번호를 묻게 됩니다), 아니면 삭제할까요?</translation>
    </message>
    <message numerus="yes">
        <source>%n of them cannot be protected (too old or unreadable): only removing them helps.</source>
        <translation>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Older backups open without a password</source>
        <translation>비밀번호 없이 열리는 이전 백업</translation>
    </message>
    <message>
        <source>Protect them</source>
        <translation>보호하기</translation>
    </message>
    <message>
        <source>Remove them</source>
        <translation>삭제하기</translation>
    </message>
    <message>
        <source>Leave them for now</source>
        <translation>지금은 그대로 두기</translation>
    </message>
    <message numerus="yes">
        <source>Protected %n backup(s).</source>
        <translation>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n could not be protected; remove them from the backups folder.</source>
        <translation>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %n backup(s).</source>
        <translation>
            <numerusform>백업 %n개를 삭제했습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Recovery code</source>
        <translation>복구 코드</translation>
    </message>
    <message>
        <source>Recovery code for {name}:

{code}

Write it down now and keep it away from this computer. If {name}&apos;s password is forgotten, it sets a new one (on the command line: crmdesk password {id} --recovery-code CODE). It is shown only this once.</source>
        <translation>{name}의 복구 코드:

{code}

지금 종이에 적어 이 컴퓨터와 떨어진 곳에 보관하세요. {name}의 비밀번호를 잊었을 때 이 코드로 새 비밀번호를 정합니다(명령줄: crmdesk password {id} --recovery-code 코드). 이번 한 번만 표시됩니다.</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>기간</translation>
    </message>
    <message>
        <source>Sign-in is on: {names} sign in with a password or PIN.</source>
        <translation>로그인 사용 중: {names} 님은 비밀번호나 PIN으로 로그인합니다.</translation>
    </message>
    <message>
        <source>Sign-in is off: nobody has a password or PIN yet.</source>
        <translation>로그인 꺼짐: 아직 비밀번호나 PIN이 있는 사람이 없습니다.</translation>
    </message>
    <message>
        <source>{name} has no password or PIN.</source>
        <translation>{name} 님은 비밀번호나 PIN이 없습니다.</translation>
    </message>
    <message>
        <source>6+ digit PIN or 6+ character password</source>
        <translation>사장님: 6자리 이상 PIN 또는 6자 이상 비밀번호</translation>
    </message>
    <message>
        <source>{name} added.</source>
        <translation>{name} 님을 추가했습니다.</translation>
    </message>
    <message>
        <source>Changes saved.</source>
        <translation>변경 사항을 저장했습니다.</translation>
    </message>
    <message>
        <source>{name} now signs in with a password or PIN.</source>
        <translation>{name} 님은 이제 비밀번호나 PIN으로 로그인합니다.</translation>
    </message>
    <message>
        <source>{name} has no password or PIN now.</source>
        <translation>{name} 님의 비밀번호/PIN을 지웠습니다.</translation>
    </message>
</context>
<context>
    <name>StaffUnlock</name>
    <message>
        <source>Staff only</source>
        <translation>직원 전용</translation>
    </message>
    <message>
        <source>Leave the survey</source>
        <translation>설문 닫기</translation>
    </message>
    <message>
        <source>Back to the survey</source>
        <translation>설문으로 돌아가기</translation>
    </message>
    <message>
        <source>A staff member&apos;s password or PIN closes the survey screen.</source>
        <translation>직원 비밀번호나 PIN을 넣어야 설문 화면이 닫힙니다.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Password or PIN</source>
        <translation>비밀번호 또는 PIN</translation>
    </message>
    <message>
        <source>No staff account can sign in.</source>
        <translation>로그인할 수 있는 직원 계정이 없습니다.</translation>
    </message>
</context>
<context>
    <name>StageChart</name>
    <message>
        <source>Customers</source>
        <translation>고객 수</translation>
    </message>
    <message>
        <source>{first} to {last}. {latest}. Since {first}: {moved}</source>
        <translation>{first}~{last}. {latest}. {first} 이후: {moved}</translation>
    </message>
    <message>
        <source>{month}: {stages}</source>
        <translation>{month}: {stages}</translation>
    </message>
</context>
<context>
    <name>SuggestionsView</name>
    <message>
        <source>Offer</source>
        <translation>제안</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>상품</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>이유</translation>
    </message>
    <message>
        <source>Up-sell</source>
        <translation>업셀링</translation>
    </message>
    <message>
        <source>Next in sequence</source>
        <translation>다음 구매</translation>
    </message>
    <message>
        <source>Cross-sell</source>
        <translation>교차 판매</translation>
    </message>
    <message>
        <source>{customers} customers who bought {because} moved up to {product} ({share} of its buyers); it costs {step} more</source>
        <translation>{because} 구매 고객 {customers}명이 {product}(으)로 올라갔습니다 (구매 고객의 {share}); {step}원 더 비쌉니다</translation>
    </message>
    <message>
        <source>{share} of the customers who bought {because} bought {product} within {days} days (usually {step} days later)</source>
        <translation>{because} 구매 고객의 {share}가 {days}일 안에 {product}도 샀습니다 (보통 {step}일 뒤)</translation>
    </message>
    <message>
        <source>{share} of the receipts with {because} also have {product}</source>
        <translation>{because}이(가) 있는 영수증의 {share}에 {product}도 있습니다</translation>
    </message>
    <message>
        <source>Looking for what to offer…</source>
        <translation>추천할 상품을 찾는 중…</translation>
    </message>
    <message>
        <source>Working out what sells together and what follows (once a day, a few seconds)…</source>
        <translation>함께, 그리고 이어서 팔리는 상품을 계산하는 중 (하루 한 번, 몇 초)…</translation>
    </message>
    <message>
        <source>Usual items: {items}</source>
        <translation>자주 사는 상품: {items}</translation>
    </message>
    <message>
        <source>{product} ({receipts}×)</source>
        <translation>{product} ({receipts}회)</translation>
    </message>
    <message>
        <source>Nothing to suggest: nothing sells notably often after or with theirs.</source>
        <translation>추천할 상품이 없습니다: 이 고객의 상품과 함께 또는 뒤이어 눈에 띄게 팔리는 상품이 없습니다.</translation>
    </message>
    <message>
        <source>What to offer next, from the shop&apos;s purchases up to today:</source>
        <translation>오늘까지의 구매 기록으로 본 다음 제안:</translation>
    </message>
    <message>
        <source>No purchases yet: nothing to go on.</source>
        <translation>아직 구매가 없어 추천할 근거가 없습니다.</translation>
    </message>
    <message>
        <source>Suggestions could not be worked out: {error}</source>
        <translation>추천을 계산하지 못했습니다: {error}</translation>
    </message>
</context>
<context>
    <name>SurveyScreen</name>
    <message>
        <source>How was your visit?</source>
        <translation>오늘 방문은 어떠셨나요?</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>직원</translation>
    </message>
    <message>
        <source>How was your visit today?</source>
        <translation>오늘 방문은 어떠셨나요?</translation>
    </message>
    <message>
        <source>A few taps, one question at a time. Thank you for helping us do better.</source>
        <translation>한 번에 한 질문, 몇 번만 눌러 주세요. 더 나은 가게가 되도록 도와주셔서 고맙습니다.</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>Very poor</source>
        <translation>매우 나쁨</translation>
    </message>
    <message>
        <source>Poor</source>
        <translation>나쁨</translation>
    </message>
    <message>
        <source>Okay</source>
        <translation>보통</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>좋음</translation>
    </message>
    <message>
        <source>Excellent</source>
        <translation>매우 좋음</translation>
    </message>
    <message>
        <source>Skip this question</source>
        <translation>이 질문 건너뛰기</translation>
    </message>
    <message>
        <source>How likely are you to recommend us to a friend?</source>
        <translation>친구에게 저희 가게를 추천하실 가능성은 얼마나 되나요?</translation>
    </message>
    <message>
        <source>0 = not at all · 10 = certainly</source>
        <translation>0 = 전혀 아님 · 10 = 꼭 추천</translation>
    </message>
    <message>
        <source>Add this to your membership card?</source>
        <translation>회원 카드에 남길까요?</translation>
    </message>
    <message>
        <source>Type the last four digits of your phone number, or stay anonymous. Your answers go on your card only if you agreed to us keeping your details.</source>
        <translation>휴대폰 번호 뒤 네 자리를 누르거나 익명으로 남기세요. 개인정보 수집에 동의하신 경우에만 회원 카드에 기록됩니다.</translation>
    </message>
    <message>
        <source>Stay anonymous</source>
        <translation>익명으로 남기기</translation>
    </message>
    <message>
        <source>Thank you!</source>
        <translation>감사합니다!</translation>
    </message>
    <message>
        <source>Your answers help us make every visit better.</source>
        <translation>말씀해 주신 내용으로 더 나은 방문을 만들겠습니다.</translation>
    </message>
    <message>
        <source>Staff only</source>
        <translation>직원 전용</translation>
    </message>
    <message>
        <source>Close the survey screen?</source>
        <translation>설문 화면을 닫을까요?</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <source>Everything</source>
        <translation>전체</translation>
    </message>
    <message>
        <source>Purchases</source>
        <translation>구매</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>접촉</translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation>고객의 소리</translation>
    </message>
    <message>
        <source>Points and tiers</source>
        <translation>포인트·등급</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>캠페인</translation>
    </message>
    <message>
        <source>Log contact (Ctrl+L)</source>
        <translation>접촉 기록 (Ctrl+L)</translation>
    </message>
    <message>
        <source>Feedback…</source>
        <translation>고객의 소리…</translation>
    </message>
    <message>
        <source>When</source>
        <translation>일시</translation>
    </message>
    <message>
        <source>What</source>
        <translation>구분</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>내용</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <source>Purchase</source>
        <translation>구매</translation>
    </message>
    <message>
        <source>Purchase (voided)</source>
        <translation>구매 (취소됨)</translation>
    </message>
    <message>
        <source>Campaign: targeted</source>
        <translation>캠페인: 발송 대상</translation>
    </message>
    <message>
        <source>Campaign: control group</source>
        <translation>캠페인: 통제 그룹</translation>
    </message>
    <message>
        <source>Campaign: left out</source>
        <translation>캠페인: 제외</translation>
    </message>
    <message>
        <source>Tier changed</source>
        <translation>등급 변경</translation>
    </message>
    <message>
        <source>Points adjusted</source>
        <translation>포인트 조정</translation>
    </message>
    <message>
        <source>Points expired</source>
        <translation>포인트 소멸</translation>
    </message>
    <message>
        <source>Birthday coupon</source>
        <translation>생일 쿠폰</translation>
    </message>
    <message>
        <source>no consent for the channel</source>
        <translation>채널 수신 동의 없음</translation>
    </message>
    <message>
        <source>no phone number</source>
        <translation>전화번호 없음</translation>
    </message>
    <message>
        <source>no e-mail address</source>
        <translation>이메일 없음</translation>
    </message>
    <message>
        <source>followed up</source>
        <translation>후속 조치 완료</translation>
    </message>
    <message>
        <source>follow up on {date}</source>
        <translation>{date} 후속 조치 예정</translation>
    </message>
    <message>
        <source>{old} → {new} (12-month spend {spend})</source>
        <translation>{old} → {new} (12개월 구매액 {spend})</translation>
    </message>
    <message>
        <source>{code} for the birthday on {day}</source>
        <translation>{day} 생일 쿠폰 {code}</translation>
    </message>
    <message>
        <source>{points} P</source>
        <translation>{points} P</translation>
    </message>
</context>
<context>
    <name>TodayScreen</name>
    <message>
        <source>Also the next 7 days</source>
        <translation>앞으로 7일도 보기</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>기한</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>고객</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>목적</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>Logged by</source>
        <translation>기록한 직원</translation>
    </message>
    <message>
        <source>Done ✓</source>
        <translation>완료 ✓</translation>
    </message>
    <message>
        <source>Open card</source>
        <translation>카드 열기</translation>
    </message>
    <message>
        <source>Nothing to follow up today.</source>
        <translation>오늘 할 후속 조치가 없습니다.</translation>
    </message>
    <message>
        <source>logged as</source>
        <translation>기록 방식</translation>
    </message>
    <message>
        <source>by</source>
        <translation>담당</translation>
    </message>
    <message>
        <source>Overdue {days} d</source>
        <translation>{days}일 지남</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>오늘</translation>
    </message>
    <message>
        <source>Follow-ups: {due} due today, {overdue} overdue</source>
        <translation>후속 조치: 오늘 {due}건, 기한 지남 {overdue}건</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>후속 조치</translation>
    </message>
    <message>
        <source>Follow-up with {name} done and logged.</source>
        <translation>{name} 님 후속 조치를 완료하고 기록했습니다.</translation>
    </message>
</context>
<context>
    <name>TouchpointEditor</name>
    <message>
        <source>Touchpoints</source>
        <translation>접점</translation>
    </message>
    <message>
        <source>English</source>
        <translation>영어</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>한국어</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>사용</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>추가</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>위로</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>아래로</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Each touchpoint is rated 1 to 5 in Ctrl+L and on the counter survey, in this order. One switched off keeps its ratings.</source>
        <translation>각 접점은 Ctrl+L과 매장 설문에서 이 순서로 1~5점으로 평가됩니다. 사용을 끈 접점도 평가 기록은 남습니다.</translation>
    </message>
    <message>
        <source>The counter survey ends with &quot;Would you recommend us?&quot; (0 to 10)</source>
        <translation>매장 설문 끝에 &quot;저희 가게를 추천하시겠어요?&quot;(0~10점)를 묻습니다</translation>
    </message>
    <message>
        <source>Row {n}: {problem}</source>
        <translation>{n}행: {problem}</translation>
    </message>
</context>
<context>
    <name>UnconfirmedView</name>
    <message>
        <source>Customer</source>
        <translation>고객</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>전화</translation>
    </message>
    <message>
        <source>Card made</source>
        <translation>카드 생성일</translation>
    </message>
    <message>
        <source>{n:,} cards whose consent an earlier version assumed. They get no marketing until staff ask the customer and record the answer on the card&apos;s Consent tab.</source>
        <translation>이전 버전이 동의를 가정한 카드 {n:,}장. 직원이 고객에게 여쭤보고 고객 카드의 동의 탭에 답을 기록할 때까지 광고를 받지 않습니다.</translation>
    </message>
</context>
<context>
    <name>WalAfterErase</name>
    <message>
        <source>Erased values still in the file</source>
        <translation>삭제한 값이 아직 파일에 있음</translation>
    </message>
    <message>
        <source>The customer is erased, but another program (another crmdesk window?) has the database open, so the erased values are still in %1.

Close that program, then press OK: crmdesk tries again for %2 seconds.</source>
        <translation>고객을 삭제했지만 다른 프로그램(다른 crmdesk 창?)이 데이터베이스를 열고 있어 삭제한 값이 아직 %1에 남아 있습니다.

그 프로그램을 닫은 뒤 확인을 누르세요. crmdesk가 %2초 동안 다시 시도합니다.</translation>
    </message>
    <message>
        <source>The write-ahead log %1 is emptied: the erased values are gone from the database&apos;s files.</source>
        <translation>미리 쓰기 로그 %1를 비웠습니다. 삭제한 값이 데이터베이스 파일에서 사라졌습니다.</translation>
    </message>
    <message>
        <source>The erased values are still in %1 because another program keeps the database open. Close it (every other crmdesk window): the log is emptied when the last one closes, or at the next erase.</source>
        <translation>다른 프로그램이 데이터베이스를 열고 있어 삭제한 값이 아직 %1에 남아 있습니다. 그 프로그램(다른 모든 crmdesk 창)을 닫으세요. 마지막 창이 닫힐 때나 다음 삭제 때 로그가 비워집니다.</translation>
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
<context>
    <name>connection</name>
    <message>
        <source>Not saved: the database server cannot be reached.</source>
        <translation>저장하지 않았습니다: 데이터베이스 서버에 연결할 수 없습니다.</translation>
    </message>
    <message>
        <source>Database server not reachable</source>
        <translation>데이터베이스 서버 연결 안 됨</translation>
    </message>
    <message>
        <source>The database server cannot be reached (%1): %2

Nothing of this was saved, and what you typed is still here. Try again?</source>
        <translation>데이터베이스 서버에 연결할 수 없습니다 (%1): %2

아무것도 저장되지 않았고, 입력한 내용은 그대로 있습니다. 다시 시도할까요?</translation>
    </message>
    <message>
        <source>The database server cannot be reached: nothing can be looked up or saved until it is back. What you type stays here.</source>
        <translation>데이터베이스 서버에 연결할 수 없습니다: 서버가 돌아올 때까지 조회하거나 저장할 수 없습니다. 입력한 내용은 그대로 남습니다.</translation>
    </message>
</context>
</TS>
