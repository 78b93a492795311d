"""The message catalogue is complete: every text the code marks exists in Latvian and in
English, with the same placeholders, and the compiled catalogue the app reads is current."""

from __future__ import annotations

import importlib.util
import io
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from facilitator.i18n import LOCALE_DIR, set_language, translations

ROOT = Path(__file__).resolve().parents[2]


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("messages_tool", ROOT / "tools" / "messages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["messages_tool"] = module
    spec.loader.exec_module(module)
    return module


messages = load_tool()


def test_every_marked_message_has_its_latvian_text() -> None:
    template = messages.extract()
    assert len(template) > 300  # the whole app's words, not an empty extraction
    assert messages.problems("lv", template) == []


def test_a_message_missing_in_latvian_is_reported_with_its_place() -> None:
    template = messages.extract()
    template.add("A sentence nobody translated", locations=[("facilitator/x.py", 7)])
    found = messages.problems("lv", template)
    assert found == ["facilitator/x.py:7: 'A sentence nobody translated' has no lv translation"]


def test_a_translation_that_loses_a_placeholder_is_reported() -> None:
    template = Catalog()
    template.add("{n} entries", locations=[("facilitator/y.py", 3)])
    catalog = messages.read_catalog("lv")
    catalog.add("{n} entries", string="ieraksti")
    found = [p for p in messages.problems("lv", template, catalog) if "placeholders" in p]
    assert found == [
        "facilitator/y.py:3: '{n} entries': the lv text 'ieraksti' has placeholders [], not ['{n}']"
    ]


def test_the_app_reads_the_compiled_catalogue() -> None:
    assert (LOCALE_DIR / "lv" / "LC_MESSAGES" / "facilitator.mo").exists()
    set_language("lv")
    assert translations("lv").gettext("Quit") != "Quit"
    assert translations("en").gettext("Quit") == "Quit"


def compile_to(path: Path, catalog: Catalog) -> Path:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    path.write_bytes(out.getvalue())
    return path


def test_a_compiled_catalogue_is_current_whatever_header_its_compiler_wrote(
    tmp_path: Path,
) -> None:
    catalog = messages.read_catalog("lv")
    # Another Babel, another day: the header differs, the messages do not.
    catalog.revision_date = datetime(2031, 5, 6, 7, 8, tzinfo=UTC)
    catalog.creation_date = datetime(2030, 1, 2, tzinfo=UTC)
    catalog.version = "99"
    path = compile_to(tmp_path / "other.mo", catalog)
    assert path.read_bytes() != messages.mo_path("lv").read_bytes()
    assert messages.mo_differences(path, messages.read_catalog("lv")) == ""


def test_a_compiled_catalogue_with_other_texts_is_out_of_date(tmp_path: Path) -> None:
    catalog = messages.read_catalog("lv")
    singular = next(m for m in catalog if m.id and isinstance(m.id, str) and not m.context)
    plural = next(m for m in catalog if m.id and not isinstance(m.id, str))
    context = next(m for m in catalog if m.id and m.context)
    singular.string = "Cits teksts"
    plural.string = ("viens", "divi", "nulle")
    catalog.delete(context.id, context=context.context)
    catalog.add("A message only the .mo has", string="Tikai .mo")
    path = compile_to(tmp_path / "stale.mo", catalog)
    found = messages.mo_differences(path, messages.read_catalog("lv"))
    assert found == "1 missing, 4 changed, 1 not in the .po"


def test_the_plural_rule_is_the_one_the_translations_are_written_for(tmp_path: Path) -> None:
    catalog = messages.read_catalog("lv")
    assert catalog.plural_forms == messages.plural_forms("lv")
    # Babel 2.19's default for Latvian (CLDR's order: zero, one, other) would give "1 daļas"
    # and "9 daļu": a catalogue or a compiled file with it is reported.
    catalog._num_plurals = 3
    catalog._plural_expr = (
        "(n % 10 == 0 || n % 100 >= 11 && n % 100 <= 19 ? 0 : n % 10 == 1 ? 1 : 2)"
    )
    found = messages.problems("lv", messages.extract(), catalog)
    assert any("plural rule" in p and "not the one its translations" in p for p in found)
    path = compile_to(tmp_path / "cldr.mo", catalog)
    assert messages.mo_differences(path, messages.read_catalog("lv")).startswith("plural rule")


def test_a_catalogue_made_anew_keeps_the_plural_rule_whatever_babel_defaults_to() -> None:
    fresh = messages.updated("lv", messages.extract())
    assert fresh.plural_forms == messages.plural_forms("lv")
    lv = translations("lv")
    counts = {n: lv.ngettext("{n} block", "{n} blocks", n).format(n=n) for n in (0, 1, 9, 21)}
    assert counts == {0: "0 daļu", 1: "1 daļa", 9: "9 daļas", 21: "21 daļa"}
