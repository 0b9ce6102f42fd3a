"""Printed reports: the segment report, call lists and the customer card, as PDF and on paper.

``data`` gathers the figures (no Qt), ``documents`` turns them into one document model per report (no Qt),
``render`` paints that model onto a PDF writer, a printer or the print preview (Qt).
"""
