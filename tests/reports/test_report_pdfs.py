"""Each report built on the demo café, written as a real PDF and read back: text, pages, masking, fonts."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader
from reportpdf import AS_OF, PRINTED, embedded_fonts, pdf_pages, squeeze
from sqlalchemy import select

from crmdesk.analytics.rfm import KOREAN_NAMES
from crmdesk.models import Customer
from crmdesk.normalise import format_phone, mask_phone
from crmdesk.reports import data, documents, render
from crmdesk.services import consent
from crmdesk.services.feedback import create_feedback

MASKED = re.compile(r"01\d-\*{3,4}-\d{4}")
FULL = re.compile(r"01\d-\d{3,4}-\d{4}")


@pytest.fixture(scope="module")
def segments(demo_store):
    return data.segment_report_data(demo_store, AS_OF, list_limit=6)  # short lists: reading PDFs back is slow


def write(doc, tmp_path, name="report.pdf", page_size="A4"):
    path = tmp_path / name
    pages = render.write_pdf(doc, path, page_size)
    assert path.stat().st_size > 0
    assert len(PdfReader(str(path)).pages) == pages
    return path, pages


def test_segment_report_in_korean_has_cover_figures_tables_actions_and_lists(segments, tmp_path):
    doc = documents.segment_report(segments, "ko", printed=PRINTED)
    path, pages = write(doc, tmp_path)
    text = pdf_pages(path)
    cover = text[0]
    assert "고객세그먼트보고서" in cover and "카페온기" in cover and "기준일2025-06-30" in cover
    assert f"{segments.customers:,}명" in cover
    assert f"{segments.revenue:,}원" in cover
    assert f"{segments.top20_share * 100:.1f}%" in cover  # the Pareto share
    assert doc.charts and "segments.png" in doc.html  # the chart is an image on the cover
    everything = "".join(text)
    for figures in segments.segments:
        if figures.customers:
            name = squeeze(KOREAN_NAMES[figures.segment])
            assert name in everything
    assert "권장조치" in everything and squeeze("재활성화하세요") in everything  # At Risk's action
    # Every page carries the shop, the as-of date and "n / N 쪽".
    for number, page in enumerate(text, 1):
        assert "카페온기고객세그먼트보고서·기준일2025-06-30" in page and f"{number}/{pages}쪽" in page


def test_change_since_previous_month_is_counted_per_segment(segments, demo_store):
    assert segments.has_previous and segments.previous_as_of == date(2025, 5, 30)
    before = data._rfm(demo_store, segments.previous_as_of)["segment"].value_counts()
    for figures in segments.segments:
        assert figures.change == figures.customers - int(before.get(figures.segment, 0))
    assert any(figures.change for figures in segments.segments)


def test_segment_report_in_english(segments, tmp_path):
    path, pages = write(documents.segment_report(segments, "en", printed=PRINTED), tmp_path)
    text = pdf_pages(path)
    assert "Customersegmentreport" in text[0] and "Asof2025-06-30" in text[0]
    assert f"Page1of{pages}" in text[0] and f"Page{pages}of{pages}" in text[-1]
    everything = "".join(text)
    assert "Champions" in everything and "Rewardthem" in everything
    assert "Can'tLoseThem" in everything


def test_long_lists_break_across_pages_with_the_heading_repeated(demo_store, tmp_path):
    report = data.segment_report_data(demo_store, AS_OF, list_limit=None)
    biggest = max(report.segments, key=lambda s: s.customers)
    assert biggest.customers > 45  # more rows than one page holds
    report.lists = {biggest.segment: report.lists[biggest.segment]}  # only its list: fewer pages to read back
    path, _ = write(documents.segment_report(report, "ko", printed=PRINTED), tmp_path)
    title = squeeze(f"{KOREAN_NAMES[biggest.segment]}·{biggest.customers:,}명")
    pages_with_list = [page for page in pdf_pages(path) if title in page]
    assert len(pages_with_list) >= 2
    for page in pages_with_list:  # the segment's title and the column headers on each page it covers
        assert "전화번호" in page and "누적구매액" in page


def test_page_count_grows_with_data(demo_store, small_store, tmp_path):
    small = data.segment_report_data(small_store, AS_OF, list_limit=None)
    big = data.segment_report_data(demo_store, AS_OF, list_limit=None)
    _, small_pages = write(documents.segment_report(small, "ko"), tmp_path, "small.pdf")
    _, big_pages = write(documents.segment_report(big, "ko"), tmp_path, "big.pdf")
    _, no_lists = write(documents.segment_report(data.segment_report_data(demo_store, AS_OF, list_limit=0), "ko"),
                        tmp_path, "none.pdf")
    assert no_lists < small_pages < big_pages


def test_phones_are_masked_unless_full_numbers_are_chosen(segments, tmp_path):
    segments = replace(segments, lists=dict(list(segments.lists.items())[:3]))
    listed = [c for _total, people in segments.lists.values() for c in people if c.phone]
    assert listed
    masked, _ = write(documents.segment_report(segments, "ko"), tmp_path, "masked.pdf")
    text = "".join(pdf_pages(masked))
    assert MASKED.search(text) and not FULL.search(text)
    assert mask_phone(listed[0].phone) in text and format_phone(listed[0].phone) not in text
    full, _ = write(documents.segment_report(segments, "ko", full_phones=True), tmp_path, "full.pdf")
    text = "".join(pdf_pages(full))
    assert format_phone(listed[0].phone) in text and not MASKED.search(text)


def test_korean_font_is_embedded_and_text_searches_with_spaces(segments, tmp_path):
    path, _ = write(documents.segment_report(segments, "ko"), tmp_path)
    # The bundled Nanum Gothic, derived under its own name (the OFL reserves "NanumGothic" for the original).
    assert {"crmdeskReportGothic-Regular", "crmdeskReportGothic-Bold"} <= embedded_fonts(path)
    raw = " ".join(PdfReader(str(path)).pages[0].extract_text().split())
    assert "고객 세그먼트 보고서" in raw and "\x01" not in raw  # spaces are spaces: the PDF finds "이탈 위험"
    path, _ = write(documents.segment_report(segments, "en"), tmp_path, "en.pdf")
    assert "crmdeskReportGothic-Regular" in embedded_fonts(path)  # English pages too: one font for both
    assert "Customer segment report" in " ".join(PdfReader(str(path)).pages[0].extract_text().split())


def test_letter_paper_is_selectable(segments, tmp_path):
    a4, _ = write(documents.segment_report(segments, "en"), tmp_path, "a4.pdf")
    letter, _ = write(documents.segment_report(segments, "en"), tmp_path, "letter.pdf", page_size="Letter")
    a4_box = PdfReader(str(a4)).pages[0].mediabox
    letter_box = PdfReader(str(letter)).pages[0].mediabox
    assert (round(float(a4_box.width)), round(float(a4_box.height))) == (595, 842)
    assert (round(float(letter_box.width)), round(float(letter_box.height))) == (612, 792)


def test_call_list_holds_only_customers_who_agreed_to_be_called(demo_store, tmp_path):
    calls = data.call_list_data(demo_store, "이탈 위험", AS_OF)
    assert calls.segment == "At Risk"
    table = data._with_last_purchase(demo_store, AS_OF)
    in_segment = set(table.loc[table["segment"] == "At Risk", "customer_id"])
    with demo_store.session() as session:
        allowed = consent.consented_ids(session, "phone", in_segment)
        names = dict(session.execute(select(Customer.id, Customer.name).where(Customer.id.in_(in_segment))).all())
    assert 0 < len(allowed) < len(in_segment)  # the demo has both: the list must tell them apart
    assert {c.customer_id for c in calls.customers} == allowed
    values = [c.value for c in calls.customers]
    assert values == sorted(values, reverse=True)
    path, pages = write(documents.call_list(calls, "ko", printed=PRINTED), tmp_path)
    text = "".join(pdf_pages(path))
    assert "전화연락목록:이탈위험" in text and "통화메모" in text and "최근방문" in text
    refused = [names[i] for i in in_segment - allowed if names[i] not in {names[j] for j in allowed}]
    assert refused and not any(squeeze(name) in text for name in refused)
    for customer in calls.customers:
        assert mask_phone(customer.phone) in text
    assert not FULL.search(text)


def test_call_list_shows_open_complaints_and_limits(demo_store, tmp_path):
    calls = data.call_list_data(demo_store, "At Risk", AS_OF)
    target = calls.customers[-1]
    before = target.open_complaints
    with demo_store.session() as session:
        item = create_feedback(session, {"kind": "complaint", "channel": "visit", "description": "커피가 식었어요",
                                         "customer_id": target.customer_id})
        session.commit()
        feedback_id = item.id
    try:
        again = data.call_list_data(demo_store, "At Risk", AS_OF)
        shown = next(c for c in again.customers if c.customer_id == target.customer_id)
        assert shown.open_complaints == before + 1
        limited = data.call_list_data(demo_store, "At Risk", AS_OF, limit=3)
        assert len(limited.customers) == 3 and limited.truncated == len(again.customers) - 3
        path, _ = write(documents.call_list(limited, "en"), tmp_path)
        assert f"…and{limited.truncated:,}more" in "".join(pdf_pages(path))
    finally:
        with demo_store.session() as session:
            session.delete(session.get(type(item), feedback_id))
            session.commit()


def test_unknown_segment_is_refused_with_the_choices():
    with pytest.raises(Exception, match="Unknown segment 'VIP'.*Champions.*챔피언"):
        data.find_segment("VIP")
    assert data.find_segment("can't lose them") == "Can't Lose Them"
    assert data.find_segment("이탈위험") == "At Risk"


def test_customer_card_prints_details_purchases_and_room_for_notes(demo_store, tmp_path):
    with demo_store.session() as session:
        customer = session.scalars(select(Customer).where(Customer.visit_count > 3, Customer.phone.is_not(None))
                                   .order_by(Customer.id)).first()
        cid, name, phone = customer.id, customer.name, customer.phone
    card = data.card_data(demo_store, cid, printed=PRINTED)
    assert card.purchases
    path, pages = write(documents.customer_card(card, "ko"), tmp_path)
    text = "".join(pdf_pages(path))
    assert squeeze(name) in text and "고객카드" in text and "상담메모" in text and "최근구매" in text
    assert squeeze(card.purchases[0].items)[:20] in text
    assert mask_phone(phone) in text and format_phone(phone) not in text
    path, _ = write(documents.customer_card(card, "en", full_phones=True), tmp_path, "en.pdf")
    text = "".join(pdf_pages(path))
    assert "Recentpurchases" in text and "Consultationnotes" in text and format_phone(phone) in text
    assert pages == 1


def test_previous_period_without_history_says_so(small_store, tmp_path):
    report = data.segment_report_data(small_store, date(2022, 7, 2), list_limit=0)  # the demo's first days
    assert not report.has_previous and all(s.change is None for s in report.segments)
    path, _ = write(documents.segment_report(report, "en"), tmp_path)
    assert "Nopurchasesbefore2022-06-02" in "".join(pdf_pages(path))


def test_lists_of_customers_are_audited_exports_refused_to_staff(demo_store):
    from crmdesk.access import Actor, PermissionDenied
    from crmdesk.models.privacy import AuditEntry

    def exports() -> list[str]:
        with demo_store.session() as session:
            return [e.details for e in session.scalars(select(AuditEntry).where(AuditEntry.action == "export"))]

    before = len(exports())
    calls = data.call_list_data(demo_store, "At Risk", AS_OF)
    logged = exports()[before:]
    assert len(logged) == 1 and "call list At Risk" in logged[0] and f'"rows": {len(calls.customers)}' in logged[0]
    demo_store.actor = Actor(None, "김점원", "staff")
    try:
        with pytest.raises(PermissionDenied):
            data.call_list_data(demo_store, "At Risk", AS_OF)
        with pytest.raises(PermissionDenied):
            data.segment_report_data(demo_store, AS_OF)
    finally:
        demo_store.actor = None
    assert len(exports()) == before + 1  # nothing logged for what was refused


def test_segment_report_on_margin_says_so_and_how_much_revenue_has_no_cost(demo_store, tmp_path):
    on_margin = data.segment_report_data(demo_store, AS_OF, list_limit=3, on="margin")
    on_revenue = data.segment_report_data(demo_store, AS_OF, list_limit=0)
    assert on_margin.margin is not None and on_revenue.margin is None
    assert on_margin.revenue == on_margin.margin.margin < on_revenue.revenue
    assert [s.customers for s in on_margin.segments] == [s.customers for s in on_revenue.segments]  # same members
    share = f"{on_margin.margin.uncosted_share * 100:.1f}%"
    path, _ = write(documents.segment_report(on_margin, "ko", printed=PRINTED), tmp_path, "ko.pdf")
    cover = pdf_pages(path)[0]
    assert "고객세그먼트보고서(마진기준)" in cover and f"{on_margin.revenue:,}원" in cover
    assert f"매출의{share}" in cover and "원가가없어마진계산에서뺐습니다" in cover
    path, _ = write(documents.segment_report(on_margin, "en", printed=PRINTED), tmp_path, "en.pdf")
    cover = pdf_pages(path)[0]
    assert "Customersegmentreport(onmargin)" in cover and f"{share}ofrevenue" in cover
    assert "itisleftoutofmargin" in cover
