"""Importing purchase histories and customer lists from POS and Excel files: readers (CSV/TSV/.xlsx, encoding
and delimiter detection), column mapping with presets, value parsers, and the import runner. No Qt here."""

from crmdesk.importing.mapping import FIELDS, KINDS, suggest_mapping
from crmdesk.importing.readers import EncodingUnknown, ImportFileError, SourceTable, read_source
from crmdesk.importing.runner import ImportRefused, ImportReport, Rejection, run_import

__all__ = ["FIELDS", "KINDS", "EncodingUnknown", "ImportFileError", "ImportRefused", "ImportReport", "Rejection",
           "SourceTable", "read_source", "run_import", "suggest_mapping"]
