"""Printed and saved reports.
"""
