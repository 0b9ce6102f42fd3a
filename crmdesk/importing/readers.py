"""Readers: a CSV/TSV or .xlsx file becomes a ``SourceTable`` (its header, its rows, how it was read).

Encodings: a BOM decides (UTF-8, UTF-16); else the whole file is tried as strict UTF-8, then as CP949 (the
superset of EUC-KR that Korean Excel and POS systems write). When both fail, nothing is guessed: the file is
refused (``EncodingUnknown``, naming the line where each reading breaks) until the user names the encoding
(``--encoding``, or the wizard's choice). A statistical guess used to take a CP949 file with one damaged byte
for cp1257 or johab and store garbled Hangul without a word; text that is not what the file meant must never
be stored. The user's own choice is decoded strictly too.

Delimiters: comma, tab, semicolon or pipe, from csv.Sniffer over the first lines, checked against the
header (the sniffer is easily fooled by commas inside amounts); the user can override too.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from crmdesk.errors import CrmError

DELIMITERS = (",", "\t", ";", "|")
DELIMITER_NAMES = {",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe"}
DELIMITER_NAMES_KO = {",": "쉼표", "\t": "탭", ";": "세미콜론", "|": "세로 막대"}
ENCODINGS = ("utf-8", "utf-8-sig", "cp949", "euc-kr", "utf-16")
# A cell longer than this is refused row by row: no POS writes one, a broken quote or a wrong file does.
MAX_CELL = 10_000
_HEADER_SCAN_ROWS = 10  # title lines above the header ("매출 내역", "기간: ...") are skipped
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # long cells are reported per row (MAX_CELL), not fatal


class ImportFileError(CrmError):
    """The file as a whole cannot be imported (empty, binary, unreadable, no recognisable columns)."""


class EncodingUnknown(ImportFileError):
    """The text is neither strict UTF-8 nor strict CP949: the user must say which encoding it is in. ``lines``:
    where each reading breaks (encoding -> line number), for the message."""

    def __init__(self, name: str, lines: dict[str, int]) -> None:
        where = ", ".join(f"{enc.upper()} at line {line}" for enc, line in lines.items())
        super().__init__(f"{name} is neither UTF-8 nor CP949 text (unreadable as {where}); nothing was imported. "
                         "Say which encoding it is in with --encoding NAME, or fix that line and try again.",
                         ko=f"파일 {name}은(는) UTF-8도 CP949도 아닌 텍스트입니다"
                            f"({', '.join(f'{enc.upper()} {line}번째 줄' for enc, line in lines.items())}에서 읽을 수 "
                            "없음). 아무것도 가져오지 않았습니다. --encoding 이름으로 인코딩을 알려 주거나, 그 줄을 "
                            "고친 뒤 다시 하세요.")
        self.name = name
        self.lines = lines


@dataclass
class SourceTable:
    """A file's table: ``headers`` and a re-readable stream of rows (each a list of cells, as long as the
    header). ``first_row_number`` is the spreadsheet row number of the first data row, so reports name rows
    as the user sees them in Excel. A CSV file is read again from disk, a block at a time, each time its rows
    are wanted: a million-line file is never held in memory as one text."""

    path: Path
    format: str  # csv | xlsx
    headers: list[str]
    encoding: str | None
    delimiter: str | None
    sha256: str
    first_row_number: int
    _skip: int = 0
    _line_breaks: int | None = field(default=None, repr=False)

    @property
    def estimated_rows(self) -> int:
        """Data rows, roughly (for progress): line breaks in the text, or the sheet's extent."""
        if self._line_breaks is not None:
            return max(1, self._line_breaks - self._skip + 1)
        return 0

    def rows(self) -> Iterator[Sequence[object]]:
        width = len(self.headers)
        if self.format == "csv":
            assert self.encoding is not None
            reader = csv.reader(text_lines(self.path, self.encoding), delimiter=self.delimiter or ",")
            number = self.first_row_number - 1
            try:
                for _ in range(self._skip):
                    next(reader, None)
                for row in reader:
                    number += 1
                    yield row if len(row) == width else (row + [""] * width)[:max(width, len(row))]
            except csv.Error as exc:
                raise ImportFileError(f"{self.path.name}, row {number + 1}: the line cannot be read as "
                                      f"{DELIMITER_NAMES.get(self.delimiter or ',', 'delimited')}-separated "
                                      f"values ({exc}).",
                                      ko=f"파일 {self.path.name}, {number + 1}행: 줄을 "
                                         f"{DELIMITER_NAMES_KO.get(self.delimiter or ',', '구분자')}로 구분한 값으로 "
                                         f"읽을 수 없습니다({exc}).") from exc
        else:
            rows = _sheet_rows(self.path)
            for _ in range(self._skip):
                next(rows, None)
            for cells in rows:
                if len(cells) < width:
                    cells += [None] * (width - len(cells))
                yield cells


def _sheet_rows(path: Path) -> Iterator[list[object]]:
    """The first sheet's rows from row 1, as Python values (whole numbers as int, empty cells as None).

    python-calamine (Rust) reads a 100,000-row sheet in about 2 s where openpyxl's read-only mode takes about
    40 s; openpyxl remains the fallback when calamine is not installed."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - calamine is a dependency; this keeps a bare openpyxl working
        yield from _openpyxl_rows(path)
        return
    book = CalamineWorkbook.from_path(str(path))
    if not book.sheet_names:
        raise ImportFileError(f"{path.name} has no sheet.",
                              ko=f"파일 {path.name}에 시트가 없습니다.")
    sheet = book.get_sheet_by_index(0)
    if sheet.start is None:
        return
    # iter_rows starts at row 1 (rows above the data come empty), so row numbers match Excel's; columns
    # start at the first used one, which shifts every row alike.
    for row in sheet.iter_rows():
        yield [int(c) if c.__class__ is float and c.is_integer() else None if c == "" else c for c in row]


def _openpyxl_rows(path: Path) -> Iterator[list[object]]:
    from openpyxl import load_workbook

    with path.open("rb") as fh:  # a file object: openpyxl refuses a path whose name does not end in .xlsx
        book = load_workbook(fh, read_only=True, data_only=True)
        try:
            if not book.worksheets:
                raise ImportFileError(f"{path.name} has no sheet.",
                                      ko=f"파일 {path.name}에 시트가 없습니다.")
            for row in book.worksheets[0].iter_rows(values_only=True):
                yield list(row)
        finally:
            book.close()


_BLOCK = 1 << 20  # bytes read at a time


def _decoded_blocks(path: Path, encoding: str) -> Iterator[str]:
    """The file's text, a block at a time, decoded strictly (the encoding was checked when the file was opened);
    leading byte order marks removed, as ``str.lstrip("\ufeff")`` would from the whole text."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    leading = True
    with path.open("rb") as fh:
        while True:
            block = fh.read(_BLOCK)
            text = decoder.decode(block, final=not block)
            if leading and text:
                text = text.lstrip("\ufeff")
                leading = not text
            if text:
                yield text
            if not block:
                return


def text_lines(path: Path, encoding: str) -> Iterator[str]:
    """The text's lines with their line breaks ("\n" ends a line, as for ``str.split``; a "\r" before it stays),
    one at a time, read from disk block by block: the whole text of a million-row file (four bytes a character
    once it holds Hangul) is never in memory."""
    rest = ""
    for text in _decoded_blocks(path, encoding):
        if rest:
            text = rest + text
        start = 0
        while (end := text.find("\n", start)) >= 0:
            yield text[start:end + 1]
            start = end + 1
        rest = text[start:]
    if rest:
        yield rest


@dataclass
class _Scan:
    """One pass over a file's bytes: its SHA-256, its line breaks, whether it holds anything but white space, and
    where (line number) each strict reading breaks."""

    sha256: str
    line_breaks: int
    blank: bool
    broken: dict[str, int]


def _scan(path: Path, encodings: Sequence[str]) -> _Scan:
    digest = hashlib.sha256()
    decoders = {enc: codecs.getincrementaldecoder(enc)("strict") for enc in encodings}
    broken: dict[str, int] = {}
    breaks, blank = 0, True
    with path.open("rb") as fh:
        while True:
            block = fh.read(_BLOCK)
            digest.update(block)
            for enc, decoder in list(decoders.items()):
                try:
                    decoder.decode(block, final=not block)
                except UnicodeDecodeError as exc:  # exc.object: the bytes held back from the last block, then these
                    broken[enc] = breaks + exc.object.count(b"\n", 0, exc.start) + 1
                    del decoders[enc]
            if not block:
                break
            breaks += block.count(b"\n")
            blank = blank and not block.strip()
    return _Scan(digest.hexdigest(), breaks, blank, broken)


def detect_encoding(data: bytes, name: str = "The file") -> str:
    """The encoding a BOM names, else the first of strict UTF-8 and CP949 that decodes every byte; raises
    EncodingUnknown when neither does (never a statistical guess: see the module's docstring)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    broken: dict[str, int] = {}
    for candidate in ("utf-8", "cp949"):
        try:
            data.decode(candidate)
        except UnicodeDecodeError as exc:
            broken[candidate] = data.count(b"\n", 0, exc.start) + 1
            continue
        return candidate
    raise EncodingUnknown(name, broken)


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    return b"\x00" in sample or sum(b < 9 or 13 < b < 32 for b in sample) > len(sample) // 100


def detect_delimiter(text: str, suffix: str) -> str:
    lines = [line for line in text[:65536].splitlines()[:30] if line.strip()]
    if not lines:
        return "\t" if suffix in (".tsv", ".tab") else ","
    try:
        sniffed = csv.Sniffer().sniff("\n".join(lines), delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    # The header line has no amounts in it: whichever delimiter splits it most is the one.
    counts = {d: lines[0].count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    if sniffed and counts.get(sniffed, 0) >= 1 and counts[sniffed] >= counts[best] // 2:
        return sniffed
    if counts[best]:
        return best
    return "\t" if suffix in (".tsv", ".tab") else ","


def _pick_header(rows: Sequence[Sequence[object]], score: Callable[[list[str]], int]) -> int:
    """Index of the header among the first rows: the one most of whose cells name a known field."""
    best, best_score = 0, 0
    for i, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        s = score([str(c) if c is not None else "" for c in row])
        if s > best_score:
            best, best_score = i, s
    return best


def _clean_headers(row: Sequence[object]) -> list[str]:
    """Header texts, each unique (a second "금액" becomes "금액 (2)") so a mapping can name every column."""
    headers: list[str] = []
    taken: set[str] = set()
    last_number: dict[str, int] = {}  # per name, the last "(n)" given: a thousand "금액" columns stay linear
    for i, cell in enumerate(row):
        text = " ".join(str(cell).replace("\ufeff", "").split()) if cell is not None else ""
        text = text or f"column {i + 1}"
        base, n = text, last_number.get(text, 1)
        while text in taken:
            n += 1
            text = f"{base} ({n})"
        last_number[base] = n
        taken.add(text)
        headers.append(text)
    return headers


def read_source(path: str | Path, *, encoding: str | None = None, delimiter: str | None = None) -> SourceTable:
    """Open a CSV/TSV or .xlsx file for import. Raises ImportFileError with a readable reason when the file
    is missing, empty, binary, an old .xls, or not decodable in the encoding given."""
    from crmdesk.importing.mapping import header_score

    path = Path(path)
    try:
        with path.open("rb") as fh:
            start = fh.read(65536)
    except FileNotFoundError as exc:
        raise ImportFileError(f"{path} does not exist.",
                              ko=f"파일 {path}이(가) 없습니다.") from exc
    except IsADirectoryError as exc:
        raise ImportFileError(f"{path} is a folder, not a file.",
                              ko=f"경로 {path}은(는) 파일이 아니라 폴더입니다.") from exc
    if start.startswith(_OLE_MAGIC):
        raise ImportFileError(f"{path.name} is an old Excel .xls file; open it in Excel and save it as .xlsx or CSV.",
                              ko=f"파일 {path.name}은(는) 옛 Excel .xls 파일입니다. Excel에서 열어 .xlsx나 CSV로 "
                                 "저장하세요.")
    if start.startswith(_ZIP_MAGIC):
        return _read_xlsx(path, _scan(path, ()).sha256, header_score)
    utf16 = start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (encoding or "").lower().startswith(
        ("utf-16", "utf16"))
    chosen = encoding or _bom_encoding(start)
    unknown: LookupError | None = None
    if chosen is not None:
        try:
            codecs.lookup(chosen)
        except LookupError as exc:
            unknown = exc
    # One pass over the bytes: the hash, the line count and the strict readings (UTF-8 and CP949 unless the user
    # or a BOM named the encoding); the text itself is decoded again, a block at a time, whenever rows are read.
    scan = _scan(path, [] if unknown else [chosen] if chosen else ["utf-8", "cp949"])
    if scan.blank:
        raise ImportFileError(f"{path.name} is empty: there is nothing to import.",
                              ko=f"파일 {path.name}이(가) 비어 있어 가져올 것이 없습니다.")
    if not utf16 and _looks_binary(start):
        raise ImportFileError(f"{path.name} is not a text (CSV) or .xlsx file; it looks like binary data.",
                              ko=f"파일 {path.name}은(는) 텍스트(CSV)나 .xlsx 파일이 아니라 이진 데이터로 보입니다.")
    if unknown is not None:
        raise ImportFileError(f"{chosen} is not a known text encoding.",
                              ko=f"인코딩 {chosen}은(는) 알 수 없는 텍스트 인코딩입니다.") from unknown
    if chosen is None:
        chosen = next((enc for enc in ("utf-8", "cp949") if enc not in scan.broken), None)
        if chosen is None:
            raise EncodingUnknown(path.name, scan.broken)
    elif chosen in scan.broken:
        raise ImportFileError(f"{path.name} is not {chosen} text (line {scan.broken[chosen]}); "
                              "choose another encoding.",
                              ko=f"파일 {path.name}은(는) {chosen} 텍스트가 아닙니다({scan.broken[chosen]}번째 줄). "
                                 "다른 인코딩을 고르세요.")
    if chosen.replace("_", "-").lower() in ("utf-8", "utf8") and start.startswith(codecs.BOM_UTF8):
        chosen = "utf-8-sig"
    head_text = _head_text(path, chosen, 200_000)
    sep = delimiter or detect_delimiter(head_text, path.suffix.lower())
    # Skip blank lines and title lines before the header; count them in raw reader rows.
    all_head: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(head_text), delimiter=sep):
            all_head.append(row)
            if len(all_head) >= _HEADER_SCAN_ROWS + 5:
                break
    except csv.Error:
        pass  # a broken line further down is reported with its row number by the import itself
    nonblank = [i for i, r in enumerate(all_head) if any(c.strip() for c in r)]
    if not nonblank:
        raise ImportFileError(f"{path.name} has no rows.",
                              ko=f"파일 {path.name}에 행이 없습니다.")
    pick = _pick_header([all_head[i] for i in nonblank], header_score)
    header_index = nonblank[pick]
    headers = _clean_headers(all_head[header_index])
    return SourceTable(path=path, format="csv", headers=headers, encoding=chosen, delimiter=sep, sha256=scan.sha256,
                       first_row_number=header_index + 2, _skip=header_index + 1, _line_breaks=scan.line_breaks)


def _bom_encoding(start: bytes) -> str | None:
    if start.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _head_text(path: Path, encoding: str, size: int) -> str:
    """The first ``size`` characters of the text (for the delimiter and the header)."""
    parts: list[str] = []
    have = 0
    for text in _decoded_blocks(path, encoding):
        parts.append(text)
        have += len(text)
        if have >= size:
            break
    return "".join(parts)[:size]


def _read_xlsx(path: Path, sha: str, score: Callable[[list[str]], int]) -> SourceTable:
    try:
        head = list(islice(_sheet_rows(path), _HEADER_SCAN_ROWS + 5))
    except ImportFileError:
        raise
    except Exception as exc:  # calamine and zipfile raise their own types for a damaged file
        raise ImportFileError(f"{path.name} cannot be read as an Excel .xlsx file ({exc}).",
                              ko=f"파일 {path.name}을(를) Excel .xlsx 파일로 읽을 수 없습니다({exc}).") from exc
    nonblank = [i for i, r in enumerate(head) if any(c is not None and str(c).strip() for c in r)]
    if not nonblank:
        raise ImportFileError(f"{path.name} is empty: its first sheet has no rows.",
                              ko=f"파일 {path.name}이(가) 비어 있습니다: 첫 시트에 행이 없습니다.")
    header_index = nonblank[_pick_header([head[i] for i in nonblank], score)]
    headers = _clean_headers(head[header_index])
    while headers and headers[-1].startswith("column ") and all(
            len(r) < len(headers) or r[len(headers) - 1] is None for r in head):
        headers.pop()  # trailing empty columns of formatted but empty cells
    return SourceTable(path=path, format="xlsx", headers=headers, encoding=None, delimiter=None, sha256=sha,
                       first_row_number=header_index + 2, _skip=header_index + 1)
