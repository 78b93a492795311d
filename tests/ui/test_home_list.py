"""The home screen's agenda list: built from summaries, whole agendas read when needed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.content import Content
from textual.css.styles import RulesMap
from textual.widgets import OptionList

from facilitator.agenda.library import AgendaLibrary
from facilitator.app import make_app
from facilitator.screens.home import HomeScreen, ListEntry, agenda_options
from facilitator.screens.start import StartDialog
from facilitator.storage.paths import DataPaths
from tests.helpers import FakeClock, wait_for_text, wait_until

RULES: list[RulesMap] = [
    {},
    {"text_wrap": "nowrap", "text_overflow": "ellipsis"},
    {"line_pad": 1},
]


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(st.text(max_size=50), min_size=1, max_size=3),
    width=st.integers(min_value=3, max_value=80),  # Content needs a cell beside line_pad
    rules=st.sampled_from(RULES),
)
def test_a_list_entry_is_as_high_as_content_finds(
    lines: list[str], width: int, rules: RulesMap
) -> None:
    text = "\n".join(lines)
    assert ListEntry(text).get_height(rules, width) == Content(text).get_height(rules, width)


def test_the_options_show_each_summary_or_the_first_error(tmp_path: Path) -> None:
    folder = tmp_path / "agendas"
    folder.mkdir()
    (folder / "good.md").write_text(
        "# Good\n\n## A\nDuration: 10-15 min\n\n## B\nDuration: 5 min\n", encoding="utf-8"
    )
    (folder / "bad.md").write_text("# Bad\n\n## A\nDuration: soon\n", encoding="utf-8")
    library = AgendaLibrary.load([(folder, "user")])
    shown = [str(option.prompt) for option in agenda_options(library)]
    assert shown[:2] == ["Other", "Good\n  15-20 min · 2 blocks"]
    assert shown[2] == "Cannot be used"
    assert shown[3].startswith("✗ bad.md\n  invalid: block `A`: cannot read the duration")


@pytest.mark.parametrize("lose_whole_agendas", [False, True])
async def test_a_warm_start_previews_and_starts_the_agenda_read_when_needed(
    paths: DataPaths, clock: FakeClock, lose_whole_agendas: bool
) -> None:
    AgendaLibrary.discover(paths)  # the first start filled the cache
    if lose_whole_agendas:  # each is parsed again when needed
        paths.agenda_cache.with_name("agendas-whole.jsonl").unlink()
    app = make_app(paths, now=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_text(pilot, "Digital Academy")  # a programme's heading
        assert isinstance(app.screen, HomeScreen)
        library = app.library
        assert library is not None
        # Only the highlighted agenda, the first in the list, was read whole.
        first = library.files[library.programme_sections()[0][1][0]]
        assert [f for f in library.files if "agenda" in vars(f)] == [first]
        agendas = app.screen.query_one("#agendas", OptionList)
        while agendas.highlighted_option is None or not str(
            agendas.highlighted_option.prompt
        ).startswith("Getting-to-know conversation\n"):
            await pilot.press("down")
        shown = await wait_for_text(pilot, "1. Introductions and values")
        assert "mentoring conversation · 5 blocks · 30 min" in shown
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, StartDialog), "the start dialog")
        assert isinstance(app.screen, StartDialog)
        assert app.screen.agenda.id == "getting-to-know-en"
        assert len(app.screen.agenda.blocks) == 5


@pytest.mark.parametrize("size", [(60, 20), (100, 30)])
async def test_durations_read_one_way_in_the_agenda_list(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    """Hours and minutes alike for a fixed length and a range (never `165-170 min` beside
    `1 h 40 min`)."""
    app = make_app(paths, now=clock)
    async with app.run_test(size=size) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        options = app.screen.query_one("#agendas", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        listed = "\n".join(prompts)
        assert "2 h 45-50 min · 9 blocks" in listed  # the action-planning workshop
        assert "1 h 40 min · 8 blocks" in listed  # the first session
        assert "45 min – 1 h 15 min · 6 blocks" in listed  # the youth closing review
        assert not any(f"{n} min ·" in listed for n in range(60, 400))
