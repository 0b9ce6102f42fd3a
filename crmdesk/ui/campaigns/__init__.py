"""Campaigns: choosing recipients, sending and following up.
"""
