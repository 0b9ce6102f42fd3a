"""Translated texts for the codes the core uses (validation problems, acquisition channels, genders)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from crmdesk.errors import Problem

CTX = "Messages"

PROBLEMS = {
    # coupons at the counter (services/coupons.py)
    "coupon_unknown": QT_TRANSLATE_NOOP("Messages", "No coupon has this code; check it or scan it again."),
    "coupon_walk_in": QT_TRANSLATE_NOOP("Messages", "A coupon belongs to a customer: choose the customer first."),
    "coupon_other_customer": QT_TRANSLATE_NOOP("Messages", "This coupon was given to another customer."),
    "coupon_expired": QT_TRANSLATE_NOOP("Messages", "This coupon has expired."),
    "coupon_used": QT_TRANSLATE_NOOP("Messages", "This coupon was already used on another purchase."),
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
    "customer_required": QT_TRANSLATE_NOOP("Messages", "Choose the customer first."),
    "customer_missing": QT_TRANSLATE_NOOP("Messages", "This customer no longer exists."),
    "customer_archived": QT_TRANSLATE_NOOP("Messages", "This customer is archived; restore the card first."),
    "staff_missing": QT_TRANSLATE_NOOP("Messages", "This staff member no longer exists."),
    "channel_invalid": QT_TRANSLATE_NOOP("Messages", "Choose a channel from the list."),
    "purpose_invalid": QT_TRANSLATE_NOOP("Messages", "Choose a purpose from the list."),
    "collection_required": QT_TRANSLATE_NOOP(
        "Messages", "Without the customer's agreement to collect and use personal data the card keeps no phone or "
        "e-mail (and no marketing purpose): tick the agreement, or keep only a name."),
    "opt_out_missing": QT_TRANSLATE_NOOP("Messages", "Set the free opt-out number (080…) in Settings first: every "
                                         "advertising message must end with it."),
    "shop_name_missing": QT_TRANSLATE_NOOP("Messages", "Set the shop's name in Settings first: an advertising "
                                           "message starts with (광고) and the shop's name."),
    "variable_unknown": QT_TRANSLATE_NOOP("Messages", "The message uses a variable crmdesk does not fill; use "
                                          "#{이름}, #{포인트}, #{등급}, #{추천상품} or #{가족이름}."),
    "message_empty": QT_TRANSLATE_NOOP("Messages", "Write the message first."),
    "opt_out_invalid": QT_TRANSLATE_NOOP("Messages", "The free opt-out number is a toll-free 080 number."),
    "follow_up_past": QT_TRANSLATE_NOOP("Messages", "A follow-up date cannot lie in the past."),
    "follow_up_done": QT_TRANSLATE_NOOP("Messages", "This follow-up is already done."),
    "kind_required": QT_TRANSLATE_NOOP("Messages", "Choose what kind of feedback this is."),
    "kind_invalid": QT_TRANSLATE_NOOP("Messages", "Choose what kind of feedback this is."),
    "severity_invalid": QT_TRANSLATE_NOOP("Messages", "Choose a severity from the list."),
    "description_required": QT_TRANSLATE_NOOP("Messages", "Write down what the customer said."),
    "status_jump": QT_TRANSLATE_NOOP("Messages", "This status change is not allowed from the current status."),
    "resolution_required": QT_TRANSLATE_NOOP("Messages", "Write how it was resolved before marking it resolved."),
    "date_before_received": QT_TRANSLATE_NOOP("Messages", "A change cannot come before the feedback was received."),
    "target_invalid": QT_TRANSLATE_NOOP("Messages", "A target lies between 1 hour and 90 days."),
    "target_order": QT_TRANSLATE_NOOP("Messages", "The first response cannot be due after the resolution."),
    "pin_short": QT_TRANSLATE_NOOP("Messages", "A PIN has at least 4 digits."),
    "owner_pin_short": QT_TRANSLATE_NOOP("Messages", "An owner's PIN has at least 6 digits."),
    "owner_first": QT_TRANSLATE_NOOP("Messages", "Give an owner a password or PIN first, or nobody could sign in "
                                                 "as owner."),
    "last_owner": QT_TRANSLATE_NOOP("Messages", "This is the only owner who can sign in: give another owner a "
                                                "password or PIN first, or remove the staff passwords."),
    "password_short": QT_TRANSLATE_NOOP("Messages",
                                        "A password has at least 6 characters (or use a PIN of at least 4 digits)."),
    "staff_name_required": QT_TRANSLATE_NOOP("Messages", "Enter the staff member's name."),
    "role_invalid": QT_TRANSLATE_NOOP("Messages", "Choose a role from the list."),
    "customer_erased": QT_TRANSLATE_NOOP("Messages", "This customer's data was erased; nothing new can be added to "
                                                     "the card."),
    # moments of truth and staff hand-over (issue 19)
    "moment_name_required": QT_TRANSLATE_NOOP("Messages", "Give the touchpoint a name (English or Korean)."),
    "moment_missing": QT_TRANSLATE_NOOP("Messages", "This touchpoint is not on the shop's list any more."),
    "score_range": QT_TRANSLATE_NOOP("Messages", "A rating is a whole number from 1 to 5."),
    "nps_range": QT_TRANSLATE_NOOP("Messages", "The recommendation answer is a number from 0 to 10."),
    "same_staff": QT_TRANSLATE_NOOP("Messages", "Hand the customers over to someone else."),
    "staff_inactive": QT_TRANSLATE_NOOP("Messages", "Choose an active staff member."),
    # the catalogue's costs (services/catalogue.py, issue 20)
    "number_invalid": QT_TRANSLATE_NOOP("Messages", "Write a number, e.g. 1200 or 62.5."),
    "cost_negative": QT_TRANSLATE_NOOP("Messages", "A cost cannot be negative."),
    "cost_large": QT_TRANSLATE_NOOP("Messages", "This cost is implausibly large; check it."),
    "margin_out_of_range": QT_TRANSLATE_NOOP("Messages", "A margin is 0 to 100 %."),
    "category_invalid": QT_TRANSLATE_NOOP("Messages", "A category name is 1 to 100 characters."),
}

CHANNELS = {
    "visit": QT_TRANSLATE_NOOP("Messages", "Store visit"),
    "phone_in": QT_TRANSLATE_NOOP("Messages", "Call in"),
    "phone_out": QT_TRANSLATE_NOOP("Messages", "Call out"),
    "message": QT_TRANSLATE_NOOP("Messages", "KakaoTalk/SMS"),
    "email": QT_TRANSLATE_NOOP("Messages", "E-mail"),
    "home_visit": QT_TRANSLATE_NOOP("Messages", "Home/after-sales visit"),
    "online": QT_TRANSLATE_NOOP("Messages", "Online"),
}

PURPOSES = {
    "purchase": QT_TRANSLATE_NOOP("Messages", "Purchase"),
    "inquiry": QT_TRANSLATE_NOOP("Messages", "Inquiry"),
    "after_sales": QT_TRANSLATE_NOOP("Messages", "After-sales"),
    "complaint": QT_TRANSLATE_NOOP("Messages", "Complaint"),
    "follow_up": QT_TRANSLATE_NOOP("Messages", "Follow-up"),
    "promotion": QT_TRANSLATE_NOOP("Messages", "Promotion"),
}

FEEDBACK_KINDS = {
    "complaint": QT_TRANSLATE_NOOP("Messages", "Complaint"),
    "compliment": QT_TRANSLATE_NOOP("Messages", "Compliment"),
    "suggestion": QT_TRANSLATE_NOOP("Messages", "Suggestion"),
    "inquiry": QT_TRANSLATE_NOOP("Messages", "Inquiry"),
}

SEVERITIES = {
    "low": QT_TRANSLATE_NOOP("Messages", "Low"),
    "medium": QT_TRANSLATE_NOOP("Messages", "Medium"),
    "high": QT_TRANSLATE_NOOP("Messages", "High"),
    "critical": QT_TRANSLATE_NOOP("Messages", "Critical"),
}

STATUSES = {
    "received": QT_TRANSLATE_NOOP("Messages", "Received"),
    "in_progress": QT_TRANSLATE_NOOP("Messages", "In progress"),
    "resolved": QT_TRANSLATE_NOOP("Messages", "Resolved"),
    "closed": QT_TRANSLATE_NOOP("Messages", "Closed"),
}

RECOVERY_ACTIONS = {
    "apology": QT_TRANSLATE_NOOP("Messages", "Apology"),
    "refund": QT_TRANSLATE_NOOP("Messages", "Refund"),
    "coupon": QT_TRANSLATE_NOOP("Messages", "Coupon"),
    "replacement": QT_TRANSLATE_NOOP("Messages", "Replacement"),
    "repair": QT_TRANSLATE_NOOP("Messages", "Repair"),
    "other": QT_TRANSLATE_NOOP("Messages", "Other"),
}

FEEDBACK_CATEGORIES = (
    QT_TRANSLATE_NOOP("Messages", "Service"),
    QT_TRANSLATE_NOOP("Messages", "Taste/quality"),
    QT_TRANSLATE_NOOP("Messages", "Waiting time"),
    QT_TRANSLATE_NOOP("Messages", "Price"),
    QT_TRANSLATE_NOOP("Messages", "Cleanliness"),
    QT_TRANSLATE_NOOP("Messages", "Product"),
    QT_TRANSLATE_NOOP("Messages", "Other"),
)

ROLES = {
    "owner": QT_TRANSLATE_NOOP("Messages", "Owner"),
    "staff": QT_TRANSLATE_NOOP("Messages", "Staff"),
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


def label(table: dict[str, str], code: str | None) -> str:
    """The translated name of a stored code (the code itself if unknown, empty for None)."""
    if not code:
        return ""
    source = table.get(code)
    return tr(source) if source else code


def problems_text(problems: list[Problem]) -> str:
    return "\n".join(problem_text(p) for p in problems)


def problem_text(problem: Problem) -> str:
    source = PROBLEMS.get(problem.code)
    return tr(source) if source else problem.message


def sign_in_refusal(refused: object) -> str:
    """A refused sign-in (services.auth.SignInRefused) in the window's language: the sign-in window's words, also
    said by the counter survey's staff unlock (which showed the core's English)."""
    translate = QCoreApplication.translate
    locked_until = getattr(refused, "locked_until", None)
    tries_left = getattr(refused, "tries_left", None)
    if locked_until is not None:
        return translate("SignInDialog", "Too many wrong tries: this account is locked until {time}.").format(
            time=f"{refused.locked_until_local:%H:%M}")
    if tries_left == 1:
        return translate("SignInDialog", "Wrong password or PIN (one more wrong try locks the account).")
    if tries_left is not None:
        return translate("SignInDialog", "Wrong password or PIN ({left} more tries before the account locks).").format(
            left=tries_left)
    return translate("SignInDialog", "This account cannot sign in; ask the owner.")
