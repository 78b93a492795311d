"""Keep the message catalogue in step with the code: `make messages`.

1. Collects every marked message (`_`, `N_`, `ngettext`, `pgettext`, `.gettext` ...) from
   `facilitator/` with Babel's extractor.
2. Updates the Latvian catalogue: new messages are added untranslated, translations of
   messages still in use are kept, messages no longer in the code are removed. No source
   locations and sorted ids, so two branches adding messages merge cleanly.
3. Compiles the catalogue to the `.mo` file the app reads (stdlib gettext, no Babel at run
   time).

`python tools/messages.py --check` changes nothing and lists what is missing: messages
without a Latvian translation, translations whose `{placeholders}` differ, and a `.mo` that is
out of date. The tests run the same check.
"""

from __future__ import annotations

import argparse
import gettext
import io
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "facilitator"
LOCALE = PACKAGE / "locale"
DOMAIN = "facilitator"
TRANSLATED = ("lv",)
"""The catalogues kept; English is the message ids themselves."""

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")

PLURAL_FORMS = {"lv": (3, "(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2)")}
"""The plural rule each catalogue's translations are written for (Latvian: msgstr[0] for
1, 21, 31..., msgstr[1] for the other counts, msgstr[2] for zero). Pinned here: Babel takes
its default from CLDR, whose order for Latvian changed in Babel 2.19 (zero, one, other), and
a catalogue rewritten with that rule gives every Latvian count the wrong word."""


def plural_forms(language: str) -> str:
    """The `Plural-Forms` header of `language`'s catalogue."""
    count, expression = PLURAL_FORMS[language]
    return f"nplurals={count}; plural={expression};"


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


def extract() -> Catalog:
    """Every message the code marks, with the places it is used (for the check's report)."""
    catalog = Catalog(domain=DOMAIN, project="facilitator")
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map, keywords=DEFAULT_KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        catalog.add(
            message,
            locations=[(f"facilitator/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return catalog


def read_catalog(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, domain=DOMAIN)
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def _key(message: Message) -> tuple[str, str | None]:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return msgid, message.context


def updated(language: str, template: Catalog) -> Catalog:
    """The catalogue of `language` with exactly the template's messages."""
    old = {_key(m): m for m in read_catalog(language) if m.id}
    fresh = Catalog(
        locale=language,
        domain=DOMAIN,
        project="facilitator",
        version="1",
        header_comment=(
            "# Latvian messages of facilitator.\n"
            "# Translate the msgstr lines; `make messages` keeps the ids in step with the code."
        ),
        creation_date=None,
        revision_date=None,
        fuzzy=False,
    )
    fresh._num_plurals, fresh._plural_expr = PLURAL_FORMS[language]
    for message in template:
        if not message.id:
            continue
        previous = old.get(_key(message))
        fresh.add(
            message.id,
            string=previous.string if previous is not None else None,
            auto_comments=message.auto_comments,
            user_comments=previous.user_comments if previous is not None else [],
            context=message.context,
            flags=[f for f in (previous.flags if previous else ()) if f != "fuzzy"],
        )
    return fresh


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(
        out,
        catalog,
        width=100,
        no_location=True,
        omit_header=False,
        sort_output=True,
        include_previous=False,
    )
    # Dates would change with every run, the tool's version with every lock, and make two
    # branches' catalogues conflict.
    text = out.getvalue()
    return re.sub(rb'"(POT-Creation-Date|PO-Revision-Date|Generated-By): [^"]*\\n"\n', b"", text)


FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)


def mo_bytes(catalog: Catalog) -> bytes:
    # Babel puts the catalogue's dates in the .mo header, and a .po without them reads as
    # "now": fixed dates keep the .mo the same from one run (and minute) to the next.
    catalog.creation_date = FIXED_DATE
    catalog.revision_date = FIXED_DATE
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def problems(language: str, template: Catalog, catalog: Catalog | None = None) -> list[str]:
    """What keeps the catalogue of `language` (its .po file, unless given) from being
    complete and correct."""
    found: list[str] = []
    catalog = read_catalog(language) if catalog is None else catalog
    have = {_key(m): m for m in catalog if m.id}
    for message in template:
        if not message.id:
            continue
        where = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
        msgid, context = _key(message)
        label = f"{msgid!r}" + (f" (context {context!r})" if context else "")
        translated = have.get(_key(message))
        strings = (
            [s for s in translated.string]
            if translated is not None and isinstance(translated.string, tuple | list)
            else [translated.string if translated is not None else ""]
        )
        if translated is None or not all(strings) or translated.fuzzy:
            found.append(f"{where}: {label} has no {language} translation")
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        wanted = set(_PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if set(_PLACEHOLDER.findall(str(string))) != wanted:
                found.append(
                    f"{where}: {label}: the {language} text {string!r} has placeholders "
                    f"{sorted(set(_PLACEHOLDER.findall(str(string))))}, not {sorted(wanted)}"
                )
    used = {_key(m) for m in template if m.id}
    found += [
        f"{po_path(language).relative_to(ROOT)}: {key[0]!r} is not used in the code any more"
        for key in have
        if key not in used
    ]
    if catalog.plural_forms != plural_forms(language):
        found.append(
            f"{po_path(language).relative_to(ROOT)}: its plural rule is {catalog.plural_forms!r}, "
            f"not the one its translations are written for, {plural_forms(language)!r}: "
            "run `make messages`"
        )
    stale = mo_differences(mo_path(language), catalog)
    if stale:
        found.append(
            f"{mo_path(language).relative_to(ROOT)} is out of date ({stale}): run `make messages`"
        )
    return found


def compiled_pairs(catalog: Catalog) -> dict[str | tuple[str, int], str]:
    """What the app should read from the compiled catalogue: each translated message's id
    (`context\x04id` with a context, `(id, n)` for each plural form) and its text, as
    stdlib gettext keys them. Untranslated and fuzzy messages are not compiled."""
    pairs: dict[str | tuple[str, int], str] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = (
            [message.string] if isinstance(message.string, str) else list(message.string or ())
        )
        if not all(strings):
            continue
        prefix = f"{message.context}\x04" if message.context else ""
        if len(ids) == 1:
            pairs[prefix + ids[0]] = strings[0]
        else:
            pairs.update({(prefix + ids[0], n): s for n, s in enumerate(strings)})
    return pairs


def mo_differences(path: Path, catalog: Catalog) -> str:
    """How the compiled catalogue at `path` differs from the .po's messages, as stdlib
    gettext (what the app runs on) reads it; empty when they agree. The header and the
    bytes a Babel version writes are not compared: only what a user would see."""
    if not path.exists():
        return "missing"
    with path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    have = {k: v for k, v in compiled._catalog.items() if k != ""}  # type: ignore[attr-defined]
    wanted = compiled_pairs(catalog)
    missing = [k for k in wanted if k not in have]
    changed = [k for k in wanted if k in have and have[k] != wanted[k]]
    extra = [k for k in have if k not in wanted]
    parts = [
        f"{len(found)} {what}"
        for found, what in ((missing, "missing"), (changed, "changed"), (extra, "not in the .po"))
        if found
    ]
    # The one header line that changes what a user reads: which plural form a count takes.
    rule = compiled.info().get("plural-forms", "")
    if " ".join(rule.split()) != " ".join(catalog.plural_forms.split()):
        parts.append(f"plural rule {rule!r}")
    return ", ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; list problems")
    args = parser.parse_args(argv)
    template = extract()
    if args.check:
        found = [p for language in TRANSLATED for p in problems(language, template)]
        print("\n".join(found) or "the catalogue is complete")
        return 1 if found else 0
    for language in TRANSLATED:
        catalog = updated(language, template)
        po_path(language).parent.mkdir(parents=True, exist_ok=True)
        po_path(language).write_bytes(po_bytes(catalog))
        compiled = read_catalog(language)
        mo_path(language).write_bytes(mo_bytes(compiled))
        missing = sum(1 for m in compiled if m.id and not m.string)
        where = po_path(language).relative_to(ROOT)
        print(f"{where}: {len(compiled)} messages, {missing} to translate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
