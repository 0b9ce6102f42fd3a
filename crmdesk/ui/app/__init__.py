"""The window itself: start-up, the main window and its lazily built pages, sign-in, fonts, language, and the
background upkeep the window starts.
"""
