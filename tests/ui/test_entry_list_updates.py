"""The entry list draws again only what changed, and what it shows is always what a list
built from scratch shows: after entries are added, edited, re-kinded, marked
confidential, revealed, deleted, or the language changes."""

from __future__ import annotations

import random
from dataclasses import replace

from textual.app import App, ComposeResult

from facilitator.i18n import set_language
from facilitator.meeting.session import ActionFields, Entry, EntryKind
from facilitator.widgets.entries import EntryList


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
        yield EntryList(id="fresh")


def prompts(entries: EntryList) -> list[str]:
    return [str(entries.get_option_at_index(n).prompt) for n in range(entries.option_count)]


async def test_a_kept_list_shows_what_a_fresh_one_shows_after_any_change() -> None:
    rng = random.Random(2026)
    app = Lists()
    async with app.run_test(size=(100, 30)):
        kept = app.query_one("#kept", EntryList)
        entries: list[Entry] = []
        unsaved: set[str] = set()
        reveal = False
        made = 0
        for step in range(300):
            move = rng.choice(["add"] * 5 + ["edit", "kind", "secret", "reveal", "delete"])
            move = move if entries or move == "add" else "add"
            move = "nothing" if step == 150 else move
            at = rng.randrange(len(entries)) if entries else 0
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
            if step == 149:  # the next step changes the language alone
                entries[0].confidential, reveal = True, False
            if step == 150:
                move = "language"
                set_language("lv")
            kept.show(entries, unsaved, reveal)
            fresh = EntryList()
            await app.mount(fresh)
            fresh.show(entries, unsaved, reveal)
            assert prompts(kept) == prompts(fresh), f"step {step}: {move}"
            assert [kept.get_option_at_index(n).id for n in range(len(entries))] == [
                e.id for e in entries
            ]
            await fresh.remove()
        set_language("en")


async def test_typing_into_a_long_block_appends_and_keeps_the_options() -> None:
    app = Lists()
    async with app.run_test(size=(60, 20)):
        kept = app.query_one("#kept", EntryList)
        entries = [entry(n) for n in range(2_000)]
        kept.show(entries)
        first = kept.get_option_at_index(0)
        entries.append(entry(2_000))
        kept.show(entries)
        assert kept.option_count == 2_001
        assert kept.get_option_at_index(0) is first  # not rebuilt
        assert str(kept.get_option_at_index(2_000).prompt) == "• note number 2000"
