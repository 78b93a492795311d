"""The entry list shows the newest entries of a block (the earlier ones a key away) and
draws again only what changed; what it shows is always what the entries say: after
entries are added, edited, re-kinded, marked confidential, revealed, deleted, or the
language changes."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from textual.app import App, ComposeResult

from facilitator.i18n import set_language
from facilitator.meeting.session import ActionFields, Entry, EntryKind
from facilitator.widgets import entry_list
from facilitator.widgets.entries import render_entry
from facilitator.widgets.entry_list import EntryList


def entry(number: int) -> Entry:
    return Entry(
        id=f"e{number:04d}",
        kind=EntryKind.NOTE,
        text=f"note number {number}",
        block_index=0,
        block_title="Welcome",
        created_at=1_795_000_000.0 + number,
        meeting_s=float(number),
    )


class Lists(App[None]):
    def compose(self) -> ComposeResult:
        yield EntryList(id="kept")


def options(entries: EntryList) -> list[tuple[str | None, str]]:
    return [
        (option.id, str(option.prompt))
        for option in (entries.get_option_at_index(n) for n in range(entries.option_count))
    ]


def assert_shows(
    kept: EntryList, entries: list[Entry], unsaved: set[str], reveal: bool, language: str
) -> None:
    shown = options(kept)
    earlier = shown[0] if shown and shown[0][0] is None else None
    listed = shown[1:] if earlier else shown
    count = len(listed)
    assert count >= min(len(entries), entry_list.WINDOW)
    newest = entries[len(entries) - count :]
    assert [entry_id for entry_id, _ in listed] == [e.id for e in newest]
    assert [prompt for _, prompt in listed] == [
        str(render_entry(e, e.id in unsaved, reveal)) for e in newest
    ]
    if count < len(entries):
        assert earlier is not None
        words = "earlier entr" if language == "en" else "agrāk"
        assert f"{len(entries) - count} " in earlier[1]
        assert words in earlier[1]
    else:
        assert earlier is None


async def test_what_is_listed_always_matches_the_entries(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(entry_list, "WINDOW", 7)  # small, to come past it often
    rng = random.Random(2026)
    app = Lists()
    async with app.run_test(size=(100, 30)):
        kept = app.query_one("#kept", EntryList)
        entries: list[Entry] = []
        unsaved: set[str] = set()
        reveal = False
        language = "en"
        made = 0
        for step in range(400):
            move = rng.choice(["add"] * 6 + ["edit", "kind", "secret", "reveal", "delete"])
            move = move if entries else "add"
            at = rng.randrange(len(entries)) if entries else 0
            if step == 199:  # the next step changes the language alone
                entries[-1].confidential, reveal = True, False
            if step == 200:
                move, language = "language", "lv"
                set_language("lv")
            if move == "add":
                entries.append(entry(made))
                if rng.random() < 0.2:
                    unsaved.add(entries[-1].id)
                made += 1
            elif move == "edit":
                entries[at].text += " (corrected)"  # changed in place, as the form does
            elif move == "kind":
                entries[at] = replace(
                    entries[at],
                    kind=EntryKind.ACTION,
                    action=ActionFields(lead="Anna", deadline="2026-12-31"),
                )
            elif move == "secret":
                entries[at].confidential = not entries[at].confidential
            elif move == "reveal":
                reveal = not reveal
            elif move == "delete":
                del entries[at]
            kept.show(entries, unsaved, reveal)
            assert_shows(kept, entries, unsaved, reveal, language)
        set_language("en")


async def test_typing_into_a_long_block_appends_and_keeps_the_options() -> None:
    app = Lists()
    async with app.run_test(size=(60, 20)):
        kept = app.query_one("#kept", EntryList)
        entries = [entry(n) for n in range(2_000)]
        kept.show(entries)
        assert kept.option_count == entry_list.WINDOW + 1  # the newest, and a line above
        assert "1900 earlier entries" in str(kept.get_option_at_index(0).prompt)
        first = kept.get_option_at_index(1)
        entries.append(entry(2_000))
        kept.show(entries)
        assert kept.get_option_at_index(1) is first  # appended, not rebuilt
        assert str(kept.get_option_at_index(kept.option_count - 1).prompt) == ("• note number 2000")


async def test_moving_up_past_the_first_shown_entry_brings_the_earlier_ones() -> None:
    app = Lists()
    async with app.run_test(size=(60, 20)) as pilot:
        kept = app.query_one("#kept", EntryList)
        entries = [entry(n) for n in range(250)]
        kept.show(entries)
        assert kept.enter()
        assert kept.highlighted_entry == "e0249"
        kept.highlighted = 1  # the oldest shown: e0150
        assert kept.highlighted_entry == "e0150"
        await pilot.press("up")
        assert kept.highlighted_entry == "e0149"  # one earlier, now shown
        assert "50 earlier entries" in str(kept.get_option_at_index(0).prompt)
        await pilot.press("home")
        assert kept.highlighted_entry == "e0000"
        assert kept.option_count == 250  # all of them, no line above
        await pilot.press("k")  # a key on an entry acts on the one highlighted
        kept.show(entries)  # a save redraws it: the highlight stays
        assert kept.highlighted_entry == "e0000"
