"""The owner's screens: settings (loyalty rules, RFM segments), staff, privacy, duplicates.
"""
