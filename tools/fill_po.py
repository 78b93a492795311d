"""Fill the Latvian catalogue's empty `msgstr`s from another source, then `make messages`.

    python tools/fill_po.py OTHER.po     translations of another branch's catalogue (a
                                         merge of two branches that both added messages)
    python tools/fill_po.py TABLE.py     a `LV = {msgid: text}` table (many at once)

Only empty entries are filled; a translation already there is kept.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po
from messages import po_bytes, po_path, read_catalog


def translations_from(source: Path) -> dict[tuple[str, str | None], object]:
    """(msgid, context) -> msgstr (a tuple for plural messages)."""
    if source.suffix == ".py":
        table: dict[str, str] = runpy.run_path(str(source))["LV"]
        return {(msgid, None): text for msgid, text in table.items()}
    with source.open("rb") as handle:
        other = read_po(handle, locale="lv")
    found: dict[tuple[str, str | None], object] = {}
    for message in other:
        if not message.id or not message.string:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        found[(msgid, message.context)] = message.string
    return found


def main(source: str) -> int:
    known = translations_from(Path(source))
    catalog = read_catalog("lv")
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        empty = not message.string or (
            isinstance(message.string, tuple | list) and not all(message.string)
        )
        text = known.get((msgid, message.context))
        if empty and text:
            message.string = text
            filled += 1
    po_path("lv").write_bytes(po_bytes(catalog))
    print(f"filled {filled} of {len(known)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
