"""`crmdesk export` and `crmdesk import`: data out to CSV/Excel, and customers or sales in from a shop's files."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from crmdesk.cli.common import end_progress, print_table, progress_printer, system_language, words
from crmdesk.cli.texts import Words, headers
from crmdesk.errors import CrmError

DELIMITER_WORDS = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}


def cmd_export(args: argparse.Namespace, store) -> int:
    from crmdesk.services import exporting

    path = Path(args.file)
    language = args.headers or system_language()
    if args.what == "touchpoints":
        count = exporting.export_touchpoints(store, path, start=args.start, end=args.end, headers=language)
    elif args.what == "feedback":
        count = exporting.export_feedback(store, path, start=args.start, end=args.end, headers=language)
    elif args.what == "ratings":
        from crmdesk.services.ratings_export import export_ratings

        count = export_ratings(store, path, start=args.start, end=args.end, headers=language)
    elif args.what == "sales":
        # Sales headers default to the import's field names (en), whatever the system language.
        count = exporting.export_sales(store, path, headers=args.headers, encoding=args.encoding)
    else:
        count = exporting.export_customers(store, path, include_archived=args.archived, headers=language)
    print(words(args)(f"exported_{args.what}", count=count, path=path))  # in --lang; the file in --headers
    return 0


def cmd_import(args: argparse.Namespace, store) -> int:
    from crmdesk.importing.readers import EncodingUnknown, read_source
    from crmdesk.importing.runner import ImportRefused, run_import

    kind, w = args.what, words(args)
    preset, preset_map = _preset(args, store)
    delimiter = DELIMITER_WORDS.get(args.delimiter or "", args.delimiter)
    try:
        source = read_source(args.file, encoding=args.encoding or (preset.encoding if preset else None),
                             delimiter=delimiter or (preset.delimiter if preset else None))
    except EncodingUnknown as exc:
        where = ", ".join(w("import_encoding_at", encoding=enc.upper(), line=line) for enc, line in exc.lines.items())
        raise CrmError(w("import_encoding_unknown", name=exc.name, where=where)) from None
    mapping = _mapping(args, source, kind, preset_map)
    _describe_source(source, mapping, w)
    started = time.perf_counter()
    try:
        report = run_import(store, source, kind, mapping, dry_run=args.dry_run, strict=args.strict,
                            progress=progress_printer(), consent_source=getattr(args, "consent_stated", None),
                            language=w.lang)
    except ImportRefused as exc:
        if exc.report is not None and exc.report.rejections:
            for rejection in exc.report.rejections[:10]:
                print(f"  {_rejection(rejection, w)}")
        if w.ko and exc.reason:  # in English the importer's own sentence
            first = _rejection(exc.first, w) if exc.first is not None else ""
            raise CrmError(w(f"refused_{exc.reason}", file=exc.file, count=exc.count, first=first)) from None
        raise
    finally:
        end_progress()
    if args.dry_run and report.preview:
        _print_preview(report, kind, w)
    print(_summary(report, w))
    print(w("import_done", seconds=time.perf_counter() - started) if not args.dry_run else w("dry_run"))
    if args.save_preset:
        from crmdesk.importing import mapping as mp

        with store.session() as session:
            mp.save_preset(session, args.save_preset, kind, mapping, encoding=args.encoding, delimiter=delimiter)
        print(w("preset_saved", name=args.save_preset))
    return 0


def _rejection(rejection, w: Words) -> str:
    from crmdesk.importing.reasons import reason_text  # loaded already: the import ran

    where = (w("import_row_column", row=rejection.row, column=rejection.column) if rejection.column
             else w("import_row", row=rejection.row))
    return f"{where}: {reason_text(rejection, w.lang)}"


def _summary(report, w: Words) -> str:
    """The import's result in the command's language: what was imported, what was there already, what was skipped."""
    dry = report.dry_run
    if report.kind == "sales":
        detail = w("import_detail_sales", purchases=report.purchases_created, lines=report.lines_created,
                   new=report.customers_created, matched=report.customers_matched, products=report.products_created)
    else:
        detail = w("import_detail_customers", new=report.customers_created, updated=report.customers_updated,
                   matched=report.customers_matched)
    lines = [w("import_rows_dry" if dry else "import_rows", imported=report.rows_imported, read=report.rows_read,
               detail=detail)]
    if report.rows_present:
        lines.append(w("import_present", count=report.rows_present))
    if report.same_file_imported_at:
        lines.append(w("import_same_file", at=report.same_file_imported_at))
    if report.rows_rejected:
        lines.append(w("import_skipped_dry" if dry else "import_skipped", count=report.rows_rejected))
        lines += [f"  {_rejection(r, w)}" for r in report.rejections[:10]]
        if report.rows_rejected > 10:
            lines.append("  " + w("import_more", count=report.rows_rejected - 10))
        if report.rejected_file:
            lines.append(w("import_rejected_saved", path=report.rejected_file))
        elif report.rejected_file_error:
            lines.append(w("import_rejected_unsaved", error=report.rejected_file_error))
    return "\n".join(lines)


def _preset(args: argparse.Namespace, store):
    """--preset: the saved preset and its column mapping, or (None, None); refused when it is for the other kind."""
    from crmdesk.importing import mapping as mp

    if not args.preset:
        return None, None
    with store.session() as session:
        preset = mp.load_preset(session, args.preset)
        preset_map = mp.preset_mapping(preset)
    if preset.kind != args.what:
        raise CrmError(words(args)("preset_other_kind", name=args.preset, kind=preset.kind, wanted=args.what))
    return preset, preset_map


def _mapping(args: argparse.Namespace, source, kind: str, preset_map: dict | None) -> dict:
    """Each column's field: the suggested one, then the preset's, then --map's."""
    from crmdesk.importing import mapping as mp

    mapping = mp.suggest_mapping(source.headers, kind)
    if preset_map is not None:
        mapping = mp.apply_overrides(source.headers, mapping, preset_map, kind)
    overrides = mp.parse_map_options(args.map)
    names, folded = set(source.headers), {mp.fold_header(h) for h in source.headers}  # once: wide headers stay fast
    unknown = [c for c in overrides if c not in names and mp.fold_header(c) not in folded]
    if unknown:
        raise CrmError(words(args)("map_unknown_column", column=unknown[0], columns=", ".join(source.headers)))
    return mp.apply_overrides(source.headers, mapping, overrides, kind)


def _describe_source(source, mapping: dict, w: Words) -> None:
    from crmdesk.importing.readers import DELIMITER_NAMES

    how = w("excel_workbook") if source.format == "xlsx" else w(
        "separated", encoding=source.encoding,
        delimiter=DELIMITER_NAMES.get(source.delimiter or ",", repr(source.delimiter)))
    print(w("reading", name=source.path.name, how=how))
    print(w("columns", columns=", ".join(f"{h} -> {f or w('skipped')}" for h, f in mapping.items())))


def _print_preview(report, kind: str, w: Words) -> None:
    from crmdesk.importing.mapping import FIELDS

    print(w("preview"))
    fields = [f for f in FIELDS[kind] if any(f in row.values for row in report.preview)]
    table = [[str(row.row), row.status if row.status != "import" else row.customer,
              *[_shown(row.values.get(f)) for f in fields], row.reason] for row in report.preview]
    print_table([*headers("import_preview"), *fields, ""], table)


def _shown(value: object) -> str:
    from datetime import datetime

    from crmdesk.normalise import format_phone

    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.hour or value.minute else value.strftime("%Y-%m-%d")
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, str) and value.isdigit() and value.startswith("01") and len(value) == 11:
        return format_phone(value)
    return str(value)
