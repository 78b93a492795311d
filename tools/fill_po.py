"""Fill empty Latvian `msgstr`s from a Python file's `LV = {msgid: text}` table (a way to
write many translations at once); `make messages` afterwards compiles them.

    python tools/fill_po.py TABLE.py
"""

from __future__ import annotations

import runpy
import sys

from messages import po_bytes, po_path, read_catalog


def main(table_path: str) -> int:
    table: dict[str, str] = runpy.run_path(table_path)["LV"]
    catalog = read_catalog("lv")
    filled = 0
    for message in catalog:
        if message.id and isinstance(message.id, str) and not message.string:
            text = table.get(message.id)
            if text:
                message.string = text
                filled += 1
    po_path("lv").write_bytes(po_bytes(catalog))
    print(f"filled {filled} of {len(table)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
