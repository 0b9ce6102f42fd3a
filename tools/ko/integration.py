KO = {
    "Touchpoint scores": "접점별 점수",
    "Touchpoint averages by month": "월별 접점 평균",
    "Low ratings and their notes": "낮은 평가와 메모",
}
