"""The window: Qt lives only in this package."""
