"""The customer list (the first screen): its paged model and the quick-add dialog.
"""
