"""crmdesk: an offline desktop CRM for small shops."""

__version__ = "0.1.0"
