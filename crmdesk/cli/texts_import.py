"""`crmdesk import`'s words in both languages (--lang, or the system's): what it reads, the summary, the refusal of
a file whose encoding cannot be told. The reason of each skipped row stays the importer's English sentence."""

from __future__ import annotations

IMPORT_WORDS: dict[str, tuple[str, str]] = {
    "preset_other_kind": ("The preset {name} is for importing {kind}, not {wanted}.",
                          "프리셋 {name}은(는) {kind} 가져오기용이라 {wanted}에는 쓸 수 없습니다."),
    "map_unknown_column": ("--map names a column the file does not have: {column} (columns: {columns}).",
                           "--map에 적은 열이 파일에 없습니다: {column} (파일의 열: {columns})."),
    # a refused import (importing.ImportRefused.reason); English is the importer's own sentence
    "refused_no_rows": ("{file} has a header but no rows to import.",
                        "{file}에는 머리글만 있고 가져올 행이 없습니다."),
    "refused_bad_rows": ("{file} was not imported: {count:,} bad rows, the first at {first}.",
                         "{file}을(를) 가져오지 않았습니다: 잘못된 행 {count:,}개, 첫 번째는 {first}."),
    "refused_bad_row": ("{file} was not imported: {first}.", "{file}을(를) 가져오지 않았습니다: {first}."),
    "refused_none_importable": ("No row of {file} can be imported; the first problem is at {first}.",
                                "{file}에서 가져올 수 있는 행이 없습니다. 첫 문제는 {first}."),
    "refused_busy": ("{file} was not imported: the database stayed busy with another change for {count} seconds "
                     "(another import, a restore?). Nothing was written; try again once it is done.",
                     "{file}을(를) 가져오지 않았습니다: 데이터베이스가 {count}초 동안 다른 변경(다른 가져오기, "
                     "복원?)으로 바빴습니다. 아무것도 쓰지 않았으니 끝난 뒤 다시 하세요."),
    "excel_workbook": ("Excel workbook", "엑셀 통합 문서"),
    "separated": ("{encoding}, {delimiter}-separated", "{encoding}, {delimiter} 구분"),
    "reading": ("Reading {name} ({how}).", "{name}을(를) 읽습니다 ({how})."),
    "columns": ("Columns: {columns}", "열: {columns}"),
    "skipped": ("(skipped)", "(건너뜀)"),
    "preview": ("First rows as they would be stored:", "저장될 모습의 처음 몇 행:"),
    "import_done": ("Done in {seconds:.1f} s.", "{seconds:.1f}초 만에 끝났습니다."),
    "dry_run": ("Dry run: nothing was written.", "미리 보기(--dry-run)라 아무것도 쓰지 않았습니다."),
    "preset_saved": ("Saved the column mapping as preset {name}.", "열 대응을 프리셋 {name}(으)로 저장했습니다."),
    "import_rows": ("Imported {imported:,} of {read:,} rows: {detail}",
                    "{read:,}행 중 {imported:,}행을 가져왔습니다: {detail}"),
    "import_rows_dry": ("Would import {imported:,} of {read:,} rows: {detail}",
                        "{read:,}행 중 {imported:,}행을 가져올 수 있습니다: {detail}"),
    "import_detail_sales": ("{purchases:,} purchases with {lines:,} lines; customers {new:,} new, {matched:,} "
                            "matched; {products:,} new products.",
                            "구매 {purchases:,}건(품목 {lines:,}줄), 고객 신규 {new:,}명·기존과 일치 {matched:,}명, "
                            "새 상품 {products:,}개."),
    "import_detail_customers": ("customers {new:,} new, {updated:,} completed, {matched:,} matched.",
                                "고객 신규 {new:,}명, 빈칸 보완 {updated:,}명, 기존과 일치 {matched:,}명."),
    "import_present": ("{count:,} rows were already imported earlier and were left alone.",
                       "{count:,}행은 전에 이미 가져온 것이라 그대로 두었습니다."),
    "import_same_file": ("This very file was imported before, on {at:%Y-%m-%d %H:%M}.",
                         "바로 이 파일을 {at:%Y-%m-%d %H:%M}에 이미 가져온 적이 있습니다."),
    "import_skipped": ("{count:,} rows were skipped:", "{count:,}행을 건너뛰었습니다:"),
    "import_skipped_dry": ("{count:,} rows would be skipped:", "{count:,}행을 건너뛰게 됩니다:"),
    "import_row": ("row {row}", "{row}행"),
    "import_row_column": ("row {row}, column {column}", "{row}행, 열 {column}"),
    "import_more": ("... and {count:,} more", "... 외 {count:,}행"),
    "import_rejected_saved": ("The skipped rows are saved in {path}.", "건너뛴 행은 {path}에 저장했습니다."),
    "import_rejected_unsaved": ("The skipped rows could not be saved: {error}",
                                "건너뛴 행을 저장하지 못했습니다: {error}"),
    "import_encoding_at": ("{encoding} at line {line}", "{encoding} {line}번째 줄"),
    "import_encoding_unknown": ("{name} is neither UTF-8 nor CP949 text (unreadable as {where}); nothing was "
                                "imported. Say which encoding it is in with --encoding NAME, or fix that line and "
                                "try again.",
                                "{name}은(는) UTF-8도 CP949도 아닌 텍스트입니다 ({where}에서 읽을 수 없음). 아무것도 "
                                "가져오지 않았습니다. --encoding 이름으로 인코딩을 알려 주거나 그 줄을 고친 뒤 다시 "
                                "하세요."),
}
