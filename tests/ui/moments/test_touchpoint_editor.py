"""The owner edits the touchpoint list: renamed, added, reordered, switched off; a nameless row is refused by
number and nothing of that save is stored."""

from crmdesk.services import moments as moments_svc
from crmdesk.ui.moments.touchpoint_editor import TouchpointEditor


def test_rename_add_reorder_and_switch_off(app, qtbot, store):
    editor = TouchpointEditor(store)
    qtbot.addWidget(editor)
    editor.show()
    assert editor.table.rowCount() == 6 and editor.table.item(1, 1).text() == "대기 시간"
    editor.table.item(1, 1).setText("기다린 시간")
    editor.add()
    editor.table.item(6, 0).setText("Seating")
    editor.table.item(6, 1).setText("좌석")
    assert editor.save()
    editor.table.setCurrentCell(6, 0)
    editor.move(-6)
    editor.table.item(6, 2).setCheckState(editor.table.item(6, 2).checkState().Unchecked)  # 결제, now last
    assert editor.save()
    with store.session() as session:
        names = [m.name_ko for m in moments_svc.list_moments(session)]
    assert names == ["좌석", "주문", "기다린 시간", "맛·품질", "청결", "직원 응대"]


def test_a_nameless_row_is_refused_by_its_number(app, qtbot, store):
    editor = TouchpointEditor(store)
    qtbot.addWidget(editor)
    editor.table.item(0, 1).setText("주문하기")
    editor.add()
    assert not editor.save()
    assert editor.error.text().startswith("Row 7: Give the touchpoint a name")
    with store.session() as session:
        assert moments_svc.list_moments(session)[0].name_ko == "주문"  # the whole save was rolled back
