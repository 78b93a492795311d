"""Every kind of entry is described once, in `meeting.kinds`, and completely: a new kind
added to `EntryKind` without its words fails here, not on a screen."""

from __future__ import annotations

from dataclasses import fields

from facilitator.i18n import translations
from facilitator.meeting.capture import parse_capture
from facilitator.meeting.kinds import KINDS, cycle, prefixes
from facilitator.meeting.session import EntryKind


def test_every_kind_has_its_words_in_both_languages() -> None:
    assert set(KINDS) == set(EntryKind)
    latvian = translations("lv")
    for kind, words in KINDS.items():
        for field in fields(words):
            text = getattr(words, field.name)
            if field.name in ("prefix", "style") or not text or text == "•":
                continue
            assert latvian.gettext(text) != text, (kind, field.name)


def test_each_prefix_starts_its_kind_on_the_capture_line() -> None:
    assert len(prefixes()) == len([k for k in KINDS.values() if k.prefix])
    for prefix, kind in prefixes().items():
        if kind is EntryKind.RATING:
            continue  # `=N scores`: its own syntax (test_capture)
        assert parse_capture(f"{prefix} something").kind is kind
    assert parse_capture("something").kind is EntryKind.NOTE


def test_the_re_kind_key_steps_through_every_kind_but_rating() -> None:
    assert cycle() == (EntryKind.NOTE, EntryKind.DECISION, EntryKind.ACTION, EntryKind.QUESTION)
