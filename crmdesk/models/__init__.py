"""SQLModel tables, one module per aggregate. Importing this package registers every table."""

from crmdesk.models.customer import Customer, CustomerMerge, Gender
from crmdesk.models.feedback import Feedback, FeedbackEvent, FeedbackKind, FeedbackStatus, RecoveryAction, Severity
from crmdesk.models.privacy import AuditEntry, ConsentEvent, ConsentMethod
from crmdesk.models.sales import ImportBatch, ImportPreset, Product, Purchase, PurchaseLine
from crmdesk.models.settings import Setting
from crmdesk.models.staff import Staff, StaffRole
from crmdesk.models.touchpoint import Channel, Contact, Purpose

__all__ = [
    "AuditEntry", "Channel", "ConsentEvent", "ConsentMethod", "Contact", "Customer", "CustomerMerge", "Feedback",
    "FeedbackEvent", "FeedbackKind", "FeedbackStatus", "Gender", "ImportBatch", "ImportPreset", "Product", "Purchase",
    "PurchaseLine", "Purpose", "RecoveryAction", "Setting", "Severity", "Staff", "StaffRole",
]
