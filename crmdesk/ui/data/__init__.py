"""Data in and out: the import wizard, exports of sales, backups.
"""
