"""Two windows (two terminals: two stores on one database) edit the same card: the second save is refused with who
changed it and when, offers to reload, and nothing typed is lost without the user's say."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from crmdesk.services import customers as svc
from crmdesk.store import open_store


@pytest.fixture
def two_cards(app, qtbot, sample, answers):
    from crmdesk.ui.card.customer_card import CustomerCard

    other = open_store(sample.url)
    first, second = CustomerCard(sample), CustomerCard(other)
    for card in (first, second):
        qtbot.addWidget(card)
        card.show_customer(1)
    yield first, second
    other.close()


def _saved(store):
    with store.session() as session:
        return svc.get_customer(session, 1)


def test_the_second_save_is_refused_and_the_typing_stays(two_cards, sample, answers, qtbot):
    first, second = two_cards
    first.edits["email"].setText("minsu@example.com")
    qtbot.mouseClick(first.save_button, Qt.MouseButton.LeftButton)
    assert first.status.text() == "Saved."
    second.memo.setPlainText("라떼 좋아함, 시럽 빼고")
    answers["yes"] = False  # keep what I typed
    assert not second.save()
    title, question = answers["shown"][-1]
    assert title == "Changed on another terminal" and "saved this card at" in question
    assert "Not saved" in second.status.text()
    assert second.memo.toPlainText() == "라떼 좋아함, 시럽 빼고"  # nothing typed lost
    saved = _saved(sample)
    assert saved.email == "minsu@example.com" and not saved.memo  # nothing of the refused save written
    # Saving again now knowingly writes over the other terminal's change.
    assert second.save()
    assert _saved(sample).memo == "라떼 좋아함, 시럽 빼고"


def test_reloading_shows_the_other_terminals_change(two_cards, sample, answers):
    first, second = two_cards
    first.edits["email"].setText("minsu@example.com")
    assert first.save()
    second.edits["address"].setText("서울 마포구")
    answers["yes"] = True  # reload
    assert not second.save()
    assert second.edits["email"].text() == "minsu@example.com"
    assert "Reloaded" in second.status.text()
    assert second.save()  # the reloaded card saves normally
