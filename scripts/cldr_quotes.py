"""Writes render/i18n/quotes.json: every CLDR locale's quotation marks (outer open, outer close,
inner open, inner close), from Debian's unicode-cldr-core (CLDR's common/main/*.xml delimiters).

    apt-get install unicode-cldr-core && python scripts/cldr_quotes.py

Babel carries no quotation marks, and the build reads no system data: the table is shipped,
made again only when CLDR is (the version is in the file).
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

MAIN = Path("/usr/share/unicode/cldr/common/main")
OUT = Path(__file__).resolve().parent.parent / "render" / "i18n" / "quotes.json"
QUOTES = ("quotationStart", "quotationEnd", "alternateQuotationStart", "alternateQuotationEnd")


def main() -> int:
    if not MAIN.is_dir():
        print(f"{MAIN}: not found: apt-get install unicode-cldr-core", file=sys.stderr)
        return 1
    found = {}
    for path in sorted(MAIN.glob("*.xml")):
        delimiters = ET.parse(path).getroot().find("delimiters")
        if delimiters is not None and all(delimiters.findtext(q) for q in QUOTES):
            found[path.stem] = [delimiters.findtext(q) for q in QUOTES]
    query = ["dpkg-query", "-W", "-f=${Version}", "unicode-cldr-core"]
    version = subprocess.run(query, capture_output=True, text=True).stdout
    source = json.dumps(f"CLDR common/main delimiters (Debian unicode-cldr-core {version})")
    lines = [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in found.items()]
    OUT.write_text(f'{{\n"source": {source},\n"quotes": {{\n' + ",\n".join(lines) + "\n}\n}\n", encoding="utf-8")
    print(f"{OUT}: {len(found)} locales")
    return 0


if __name__ == "__main__":
    sys.exit(main())
