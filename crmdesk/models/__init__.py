"""SQLModel tables, one module per aggregate. Importing this package registers every table."""

from crmdesk.models.customer import Customer, Gender
from crmdesk.models.sales import Purchase, PurchaseLine
from crmdesk.models.settings import Setting
from crmdesk.models.staff import Staff, StaffRole

__all__ = ["Customer", "Gender", "Purchase", "PurchaseLine", "Setting", "Staff", "StaffRole"]
