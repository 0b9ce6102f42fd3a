"""Fill unfinished messages of the Korean catalogue from other sources, then rebuild the .qm.

    python tools/fill_translations.py --from-ts OTHER.ts [...]   # finished translations of other branches
    python tools/fill_translations.py --from-py FILE.py           # a dict KO = {source: translation} and
                                                                  # optionally CTX = {(context, source): ...}

Used when branches each translated their own strings: lupdate keeps only one side's .ts after a merge, and
this copies the other side's finished translations back in. Prints what is still unfinished.
"""

from __future__ import annotations

import argparse
import runpy
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "crmdesk_ko.ts"


def finished(path: Path) -> dict[tuple[str, str], str]:
    out = {}
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name")
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            if tr is not None and tr.get("type") not in ("unfinished", "vanished", "obsolete") and tr.text:
                out[(name, msg.findtext("source"))] = tr.text
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--from-ts", nargs="*", default=[], type=Path)
    parser.add_argument("--from-py", nargs="*", default=[], type=Path)
    args = parser.parse_args()
    by_context: dict[tuple[str, str], str] = {}
    by_source: dict[str, str] = {}
    for path in args.from_ts:
        by_context.update(finished(path))
    for path in args.from_py:
        data = runpy.run_path(str(path))
        by_source.update(data.get("KO", {}))
        by_context.update(data.get("CTX", {}))
    tree = ET.parse(TS)
    filled, left = 0, []
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name")
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            if tr is None or tr.get("type") != "unfinished":
                continue
            source = msg.findtext("source")
            text = by_context.get((name, source)) or by_source.get(source)
            if text:
                tr.text = text
                del tr.attrib["type"]
                filled += 1
            else:
                left.append(f"{name}: {source}")
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    print(f"filled {filled}; still unfinished {len(left)}")
    for line in left:
        print("  " + line)
    subprocess.run([sys.executable, str(ROOT / "tools" / "update_translations.py")], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
