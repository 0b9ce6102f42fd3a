KO = {
    "Touchpoint scores": "접점별 점수",
    "Touchpoint averages by month": "월별 접점 평균",
    "Low ratings and their notes": "낮은 평가와 메모",
    "The message uses a variable crmdesk does not fill; use #{이름}, #{포인트}, #{등급}, #{추천상품} or #{가족이름}.":
        "메시지에 crmdesk가 채울 수 없는 변수가 있습니다. "
        "#{이름}, #{포인트}, #{등급}, #{추천상품}, #{가족이름}을 쓰세요.",
}
