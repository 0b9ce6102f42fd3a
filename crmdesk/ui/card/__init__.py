"""The customer card and everything shown on it: tabs, panels and the dialogs it opens.
"""
