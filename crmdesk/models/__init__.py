"""SQLModel tables, one module per aggregate. Importing this package registers every table."""

from crmdesk.models.campaign import Campaign, CampaignMember
from crmdesk.models.coupon import Coupon, CouponRedemption
from crmdesk.models.customer import (
    DERIVED_COLUMNS,
    Customer,
    CustomerMerge,
    DerivedColumns,
    Gender,
    derived_columns,
    refresh_derived,
)
from crmdesk.models.family import Household, HouseholdMember, Referral, Relation
from crmdesk.models.feedback import Feedback, FeedbackEvent, FeedbackKind, FeedbackStatus, RecoveryAction, Severity
from crmdesk.models.loyalty import BirthdayCoupon, PointsEntry, TierChange
from crmdesk.models.moments import DEFAULT_MOMENTS, Moment, NpsAnswer, Rating, RatingSource
from crmdesk.models.privacy import AuditEntry, ConsentEvent, ConsentMethod
from crmdesk.models.sales import ImportBatch, ImportPreset, Product, ProductCategory, Purchase, PurchaseLine
from crmdesk.models.settings import Setting
from crmdesk.models.staff import Staff, StaffRole
from crmdesk.models.touchpoint import Channel, Contact, Purpose

__all__ = [
    "AuditEntry", "BirthdayCoupon", "Campaign", "CampaignMember", "Channel", "ConsentEvent", "ConsentMethod",
    "Contact", "Coupon", "CouponRedemption", "Customer", "DEFAULT_MOMENTS", "Moment", "NpsAnswer", "Rating",
    "RatingSource", "CustomerMerge", "DERIVED_COLUMNS", "DerivedColumns",
    "Feedback", "FeedbackEvent", "FeedbackKind", "FeedbackStatus", "Gender",
    "Household", "HouseholdMember", "ImportBatch", "ImportPreset", "PointsEntry", "Product",
    "ProductCategory", "Purchase",
    "PurchaseLine", "Purpose", "RecoveryAction", "Referral", "Relation", "Setting", "Severity", "Staff", "StaffRole",
    "TierChange", "derived_columns", "refresh_derived",
]
