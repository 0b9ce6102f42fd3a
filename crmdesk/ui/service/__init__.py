"""Serving customers day to day: Today, contacts, birthdays, feedback and call lists.
"""
