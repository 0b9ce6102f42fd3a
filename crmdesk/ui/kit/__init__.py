"""Pieces every screen uses: the one job runner, message boxes and file dialogs, formatting, the words of
problems, read-only lists (RowsModel and the one factory that sets a list up), the customer finder and
the staff picker.
"""
