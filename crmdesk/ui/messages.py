"""Translated texts for the codes the core uses (validation problems, acquisition channels, genders)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from crmdesk.errors import Problem

CTX = "Messages"

PROBLEMS = {
    "name_required": QT_TRANSLATE_NOOP("Messages", "Enter the customer's name."),
    "name_long": QT_TRANSLATE_NOOP("Messages", "Shorten the name to at most 100 characters."),
    "phone_short": QT_TRANSLATE_NOOP("Messages", "A phone number needs at least 7 digits, e.g. 010-1234-5678."),
    "phone_invalid": QT_TRANSLATE_NOOP("Messages", "This is not a valid phone number; write it like 010-1234-5678."),
    "email_invalid": QT_TRANSLATE_NOOP("Messages", "An e-mail address looks like name@example.com."),
    "date_invalid": QT_TRANSLATE_NOOP("Messages", "Write the date like 1990-05-17 (or 1990.05.17, 19900517)."),
    "date_future": QT_TRANSLATE_NOOP("Messages", "This date lies in the future; check the year."),
    "date_past": QT_TRANSLATE_NOOP("Messages", "This date is before 1900; check the year."),
    "gender_invalid": QT_TRANSLATE_NOOP("Messages", "Choose a gender from the list, or leave it empty."),
    "acquired_invalid": QT_TRANSLATE_NOOP("Messages", "Pick from the list how the customer found the shop."),
    "too_long": QT_TRANSLATE_NOOP("Messages", "This is too long; shorten it."),
    "code_taken": QT_TRANSLATE_NOOP("Messages", "This customer code already belongs to another customer."),
}

ACQUISITION = {
    "walk_in": QT_TRANSLATE_NOOP("Messages", "Walk-in"),
    "referral": QT_TRANSLATE_NOOP("Messages", "Referral"),
    "sns": QT_TRANSLATE_NOOP("Messages", "Social media"),
    "online": QT_TRANSLATE_NOOP("Messages", "Online"),
    "event": QT_TRANSLATE_NOOP("Messages", "Event"),
    "phone": QT_TRANSLATE_NOOP("Messages", "Phone"),
    "other": QT_TRANSLATE_NOOP("Messages", "Other"),
}

GENDERS = {
    "F": QT_TRANSLATE_NOOP("Messages", "Female"),
    "M": QT_TRANSLATE_NOOP("Messages", "Male"),
    "O": QT_TRANSLATE_NOOP("Messages", "Other"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


def problem_text(problem: Problem) -> str:
    source = PROBLEMS.get(problem.code)
    return tr(source) if source else problem.message
