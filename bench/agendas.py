"""Agenda benchmark: discovering and parsing agendas, and the home screen's agenda list.

Measures, in this one process (imports done and warmed up first, so only the work itself
is timed):

* discovery: `AgendaLibrary.discover` over the shipped agendas plus 200 generated ones in
  the user's agenda folder, cold (no parsed-agenda cache: the first start, or after every
  agenda changed; the cache file is deleted before each run) and warm (cache present: every
  later start);
* the home screen's agenda list: a headless app from just before `make_app` until the
  active `HomeScreen`'s `#agendas` list (filled by a worker that reads the agendas) is
  mounted and holds every option, cold and warm, with the moment the screen itself showed,
  against a bare Textual app whose screen has one
  `OptionList` filled with as many plain text options, from just before it is built until
  that list is mounted, and against facilitator itself with only the shipped agendas (warm),
  which separates what the 200 agendas cost from what the rest of the home screen costs;
* the parser at the file limit: `parse_agenda` on a generated agenda just under the
  parser's file size limit (`MAX_AGENDA_BYTES`, 512 KB),
  against markdown-it-py's own `MarkdownIt("commonmark").parse` of the same text (and with
  the front-matter plugin the parser adds), to show how much of the time is markdown-it's.

Runs of each kind are interleaved (the order rotates) so that noise hits all kinds alike,
each after a garbage collection. The parses and discoveries run before any app has, while
the heap holds what a starting app's does; the garbage collector's full passes, which can
land inside a timed run, grow with the heap.
One more figure comes from fresh interpreters: the import of markdown-it, which a cold start
pays on top of the in-process cold figures (a warm start never imports it). With `--write`
(the default) the `agendas` section of BENCHMARKS.md is replaced by the fresh figures.

    .venv/bin/python bench/agendas.py            # 15 runs of each, updates BENCHMARKS.md
    .venv/bin/python bench/agendas.py --runs 30 --parse-runs 10 --no-write

The big parse takes about half a second a run, so it runs `--parse-runs` times (default 5),
which keeps the whole benchmark under two minutes on a two-core machine.
"""

from __future__ import annotations

import asyncio
import gc
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from harness import percentile
from report import (
    BENCHMARKS,
    REPO,
    machine,
    markers,
    provenance,
    verdict,
    write_section,
)
from report import rerun as rerun_line

# Measure the code of this checkout: an editable install may point at another one (a git
# worktree shares the virtual environment of the main checkout).
sys.path.insert(0, str(REPO))

if TYPE_CHECKING:
    from textual.app import App

    from facilitator.storage.paths import DataPaths

BEGIN, END = markers("agendas")
"""A new agendas section goes right after this marker (the startup section), if present."""

GENERATED = 200
"""Agendas generated into the user's agenda folder."""
GOAL_LIST_MS = 100.0
"""The home screen's agenda list must be ready in under this many ms for 200 agendas."""
GOAL_PARSE_S = 1.0
"""Parsing an agenda at the file size limit must take less than this (median)."""
BIG_MARGIN_BYTES = 5_000
"""The big agenda stays this far under the parser's file size limit (a block is ~300 B)."""
SIZE = (120, 40)
READY_TIMEOUT = 30.0
"""Seconds a headless app may take to show its list before the benchmark gives up."""
POLL = 0.001
"""Seconds between checks for a ready list."""
IMPORT_RUNS = 5
"""Fresh interpreters timing the import of markdown-it."""
SEED = 20261123


# --------------------------------------------------------------------------------------
# Generated agendas.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Language:
    """The words one language's generated agendas are made of."""

    code: str
    duration_key: str
    kind_key: str
    fixed: tuple[str, ...]
    ranged: tuple[str, ...]
    kinds: tuple[str, ...]
    break_kind: str
    meeting_kinds: tuple[str, ...]
    topics: tuple[str, ...]
    questions: tuple[str, ...]
    groups: tuple[str, ...]
    notes: tuple[str, ...]
    descriptions: tuple[str, ...]
    break_title: str


EN = Language(
    code="en",
    duration_key="Duration",
    kind_key="Kind",
    fixed=("5 min", "6 min", "10 min", "15 min", "20 min", "90 s", "1 h", "1 h 30 min", "45 min"),
    ranged=("10-15 min", "10–15 min", "5-8 min", "20-30 min", "1-2 h"),
    kinds=("talk", "discussion", "reflection", "review", "presentation", "action-planning"),
    break_kind="break",
    meeting_kinds=("mentoring conversation", "workshop", "support group", "school visit", "demo"),
    topics=(
        "Introductions and values",
        "What changed since last time",
        "Needs of the school",
        "Strengths and weaknesses",
        "Plans for the next month",
        "Lessons from the visit",
        "Questions from the group",
        "Agreeing the next steps",
        "Looking back on the year",
        "Roles in the partnership",
    ),
    questions=(
        "What went well since our last meeting?",
        "Which **one** result are you proudest of, and why?",
        "What would you do differently next time?",
        "Who else should hear about this, and how do we tell them?",
        "What support do you need from the group?",
        "Which question must today's meeting answer?",
        "What did the pupils say about it? See [the survey](https://example.org/survey).",
        "How will we know that it worked?",
        "What is the *smallest* next step you can take this week?",
        "Which risks do we see, and who keeps an eye on them?",
    ),
    groups=("Strengths", "Weaknesses", "Opportunities", "Threats", "For each need", "Next"),
    notes=(
        "Ask each member to say one sentence; keep time strictly.",
        "Write the answers on the board so that everyone sees them.",
        "If the group is quiet, start with your own answer.",
    ),
    descriptions=(
        "Everyone answers in turn; no discussion until the round is over.",
        "Work in pairs first, then share with the whole group.",
    ),
    break_title="Coffee break",
)

LV = Language(
    code="lv",
    duration_key="Ilgums",
    kind_key="Veids",
    fixed=("5 min", "6 min", "10 min", "15 min", "20 min", "90 sek", "1 st", "1 st 30 min"),
    ranged=("10-15 min", "10–15 min", "5-8 min", "20-30 min"),
    kinds=("saruna", "diskusija", "refleksija", "pārskats", "prezentācija", "rīcības plānošana"),
    break_kind="pārtraukums",
    meeting_kinds=("mentorēšanas saruna", "darbnīca", "atbalsta grupa", "skolas apmeklējums"),
    topics=(
        "Iepazīšanās un vērtības",
        "Kas mainījies kopš pagājušās reizes",
        "Skolas vajadzības",
        "Stiprās un vājās puses",
        "Nākamā mēneša plāni",
        "Mācības no apmeklējuma",
        "Grupas jautājumi",
        "Vienošanās par nākamajiem soļiem",
        "Gada atskats",
        "Lomas sadarbībā",
    ),
    questions=(
        "Kas izdevās kopš mūsu pēdējās tikšanās?",
        "Ar kuru **vienu** rezultātu jūs lepojaties visvairāk, un kāpēc?",
        "Ko jūs nākamreiz darītu citādi?",
        "Kam vēl par to būtu jāzina, un kā mēs viņiem pastāstīsim?",
        "Kādu atbalstu jums vajag no grupas?",
        "Uz kuru jautājumu šodienas tikšanās jāatbild?",
        "Ko par to teica skolēni? Skat. [aptauju](https://example.org/aptauja).",
        "Kā mēs zināsim, ka tas izdevās?",
        "Kāds ir *mazākais* nākamais solis, ko varat spert šonedēļ?",
        "Kādus riskus mēs redzam, un kurš tiem seko līdzi?",
    ),
    groups=("Stiprās puses", "Vājās puses", "Iespējas", "Draudi", "Katrai vajadzībai"),
    notes=(
        "Lūdziet katram dalībniekam pateikt vienu teikumu; stingri ievērojiet laiku.",
        "Pierakstiet atbildes uz tāfeles, lai visi tās redz.",
        "Ja grupa klusē, sāciet ar savu atbildi.",
    ),
    descriptions=(
        "Katrs atbild pēc kārtas; diskusija tikai pēc apļa.",
        "Vispirms strādājiet pāros, tad dalieties ar visu grupu.",
    ),
    break_title="Kafijas pauze",
)


def block_text(rng: random.Random, lang: Language, number: int, is_break: bool) -> str:
    """One `##` block: its fields, then questions (maybe grouped), a description, notes."""
    if is_break:
        duration = rng.choice(("10 min", "15 min", "20 min"))
        return (
            f"## {lang.break_title}\n{lang.duration_key}: {duration}\n"
            f"{lang.kind_key}: {lang.break_kind}\n"
        )
    pool = lang.ranged if rng.random() < 0.3 else lang.fixed
    lines = [
        f"## {number}. {rng.choice(lang.topics)}",
        f"{lang.duration_key}: {rng.choice(pool)}",
    ]
    if rng.random() < 0.8:
        lines.append(f"{lang.kind_key}: {rng.choice(lang.kinds)}")
    lines.append("")
    if rng.random() < 0.3:
        lines += [rng.choice(lang.descriptions), ""]
    if rng.random() < 0.25:
        for group in rng.sample(lang.groups, rng.randint(2, 4)):
            lines += [f"### {group}"]
            lines += [f"- {q}" for q in rng.sample(lang.questions, rng.randint(2, 4))]
            lines.append("")
    else:
        lines += [f"- {q}" for q in rng.sample(lang.questions, rng.randint(0, 6))]
        lines.append("")
    if rng.random() < 0.5:
        lines += [f"> {rng.choice(lang.notes)}", ""]
    return "\n".join(lines)


def agenda_text(rng: random.Random, lang: Language, agenda_id: str, blocks: int) -> str:
    """A whole agenda: front matter (some optional keys), an optional `# Title`, blocks."""
    title = f"{rng.choice(lang.topics)} ({agenda_id})"
    header = [
        "---",
        f"id: {agenda_id}",
        f"{'language' if lang.code == 'en' or rng.random() < 0.5 else 'valoda'}: {lang.code}",
        f"title: {title}",
        f"kind: {rng.choice(lang.meeting_kinds)}",
    ]
    if rng.random() < 0.6:
        header.append(f"description: {rng.choice(lang.descriptions)}")
    if rng.random() < 0.3:
        header.append(f"start: {rng.randint(8, 17):02d}:{rng.choice((0, 15, 30, 45)):02d}")
    parts = ["\n".join([*header, "---", ""])]
    if rng.random() < 0.5:
        parts.append(f"# {title}\n")
    since_break = 0
    for number in range(1, blocks + 1):
        # A break now and then, as real agendas have; never as the first or last block.
        is_break = 1 < number < blocks and since_break >= 3 and rng.random() < 0.4
        since_break = 0 if is_break else since_break + 1
        parts.append(block_text(rng, lang, number, is_break))
    return "\n".join(parts)


def generate_agendas(folder: Path, count: int = GENERATED) -> None:
    """`count` agendas, half in each language, 3-12 blocks each, with unique ids."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        rng = random.Random(SEED + index)
        lang = EN if index % 2 == 0 else LV
        agenda_id = f"bench-{index:03d}-{lang.code}"
        text = agenda_text(rng, lang, agenda_id, rng.randint(3, 12))
        (folder / f"{agenda_id}.{lang.code}.md").write_text(text, encoding="utf-8")


def big_agenda_text(target_bytes: int | None = None) -> str:
    """An English agenda of many blocks, just under `target_bytes` of UTF-8 (by default,
    just under the parser's file size limit).

    English, so that nearly every byte is a character: the most text the file limit allows.
    """
    if target_bytes is None:
        from facilitator.agenda.parse import MAX_AGENDA_BYTES

        target_bytes = MAX_AGENDA_BYTES - BIG_MARGIN_BYTES
    rng = random.Random(SEED)
    parts = [agenda_text(rng, EN, "bench-big-en", 3)]
    size = len(parts[0].encode())
    number, since_break = 4, 3
    while True:
        is_break = since_break >= 3 and rng.random() < 0.4
        since_break = 0 if is_break else since_break + 1
        block = "\n" + block_text(rng, EN, number, is_break)
        grown = size + len(block.encode())
        if grown > target_bytes:
            return "".join(parts)
        parts.append(block)
        size, number = grown, number + 1


# --------------------------------------------------------------------------------------
# Measurements.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """Seconds over the runs of one kind."""

    runs: int
    median: float
    p90: float
    minimum: float
    maximum: float

    @classmethod
    def of(cls, values: list[float]) -> Summary:
        return cls(
            len(values),
            statistics.median(values),
            percentile(values, 0.9),
            min(values),
            max(values),
        )


def timed(work: Callable[[], object]) -> float:
    """Seconds `work` takes, after a garbage collection so it does not land inside."""
    gc.collect()
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


def drop_cache(paths: DataPaths) -> None:
    paths.agenda_cache.unlink(missing_ok=True)


def fill_cache(paths: DataPaths) -> None:
    from facilitator.agenda.library import AgendaLibrary

    if not paths.agenda_cache.exists():
        AgendaLibrary.discover(paths)


def discover(paths: DataPaths) -> None:
    from facilitator.agenda.library import AgendaLibrary

    AgendaLibrary.discover(paths)


async def until_ready(ready: Callable[[], bool]) -> None:
    """Poll every millisecond until `ready()`; fail after `READY_TIMEOUT`."""
    deadline = time.perf_counter() + READY_TIMEOUT
    while not ready():
        if time.perf_counter() > deadline:
            raise RuntimeError(f"the list was not ready after {READY_TIMEOUT:.0f} s")
        await asyncio.sleep(POLL)


def list_ready(app: App[None], screen_type: type, expected: int) -> bool:
    """The active screen is a `screen_type` whose `#agendas` list is mounted and full."""
    from textual.widgets import OptionList

    screen = app.screen
    if not isinstance(screen, screen_type):
        return False
    found = screen.query("#agendas")
    if not found:
        return False
    agendas = found.first()
    return (
        isinstance(agendas, OptionList) and agendas.is_mounted and agendas.option_count == expected
    )


def facilitator_list(paths: DataPaths, expected: int) -> tuple[float, float]:
    """Seconds until the home screen's list is ready, and until the screen itself showed.

    The screen shows (and takes keys) before its worker has read the agendas.
    """
    from facilitator.app import make_app
    from facilitator.screens.home import HomeScreen

    async def go() -> tuple[float, float]:
        gc.collect()
        began = time.perf_counter()
        app = make_app(paths)
        async with app.run_test(size=SIZE):
            await until_ready(lambda: isinstance(app.screen, HomeScreen) and app.screen.is_mounted)
            shown = time.perf_counter()
            await until_ready(lambda: list_ready(app, HomeScreen, expected))
            ready = time.perf_counter()
        return ready - began, shown - began

    return asyncio.run(go())


def bare_list(expected: int) -> float:
    """Seconds until a bare app's one `OptionList` of `expected` plain options is ready."""
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import OptionList

    class BareScreen(Screen[None]):
        def compose(self) -> ComposeResult:
            yield OptionList(*(f"Agenda number {i}" for i in range(expected)), id="agendas")

    class BareApp(App[None]):
        def on_mount(self) -> None:
            self.push_screen(BareScreen())

    async def go() -> float:
        gc.collect()
        began = time.perf_counter()
        app = BareApp()
        async with app.run_test(size=SIZE):
            await until_ready(lambda: list_ready(app, BareScreen, expected))
            ready = time.perf_counter()
        return ready - began

    return asyncio.run(go())


def markdown_it_import(runs: int) -> list[float]:
    """Seconds to import markdown-it and its front-matter plugin in fresh interpreters.

    Each child first imports what a start-up imports anyway (the app), so the figure is
    what parsing adds to a cold start.
    """
    code = (
        "import time\n"
        "import facilitator.app, facilitator.cli\n"
        "t = time.perf_counter()\n"
        "import markdown_it, mdit_py_plugins.front_matter\n"
        "print(time.perf_counter() - t)\n"
    )
    times = []
    for _ in range(runs + 1):  # the first fills the bytecode and page caches
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
        )
        times.append(float(done.stdout.strip()))
    return times[1:]


def rotations(kinds: tuple[str, ...], runs: int) -> Iterator[str]:
    """Each kind `runs` times, interleaved, the starting kind rotating run by run."""
    for index in range(runs):
        shift = index % len(kinds)
        yield from kinds[shift:] + kinds[:shift]


@dataclass
class Results:
    """Every figure of one benchmark run, in seconds unless named otherwise."""

    shipped: int
    generated: int
    user_bytes: int
    blocks_median: float
    options: int
    discover_cold: Summary
    discover_warm: Summary
    list_cold: Summary
    list_warm: Summary
    list_bare: Summary
    list_shipped: Summary
    options_shipped: int
    shown_cold: float
    shown_warm: float
    options_build: float
    import_markdown_it: Summary
    big_bytes: int
    big_blocks: int
    parse_ours: Summary
    parse_commonmark: Summary
    parse_front_matter: Summary


def progress(enabled: bool, label: str, done: int, total: int) -> None:
    if enabled:
        end = "\n" if done == total else ""
        print(f"\r  {label} {done}/{total}", end=end, file=sys.stderr, flush=True)


def measure(runs: int, parse_runs: int, root: Path, show: bool) -> Results:
    """Generate the agendas into a data folder under `root` and take every measurement."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    from facilitator.agenda.library import AgendaLibrary
    from facilitator.agenda.parse import parse_agenda
    from facilitator.screens.home import agenda_options
    from facilitator.storage.paths import DataPaths

    paths = DataPaths(root / "data")
    paths.ensure_writable()  # as `facilitator` does before building the app
    generate_agendas(paths.agendas)
    shipped_only = DataPaths(root / "shipped-only")  # no agendas of the user's own
    shipped_only.ensure_writable()

    # Check the agendas once; this also warms up the imports and the page cache.
    drop_cache(paths)
    library = AgendaLibrary.discover(paths)
    mine = [f for f in library.files if f.origin == "user"]
    broken = [f for f in library.files if not f.valid]
    if len(mine) != GENERATED or broken:
        problems = "\n".join(str(p) for f in broken for p in f.errors)
        raise RuntimeError(f"{len(mine)} generated agendas, {len(broken)} invalid:\n{problems}")
    options = len(agenda_options(library))
    user_bytes = sum(f.path.stat().st_size for f in mine)
    blocks_median = statistics.median(len(f.agenda.blocks) for f in mine if f.agenda)
    options_shipped = len(agenda_options(AgendaLibrary.discover(shipped_only)))  # fills cache

    big = big_agenda_text()
    big_agenda, _ = parse_agenda(big, "bench-big.en.md")  # raises if the agenda is invalid
    commonmark = MarkdownIt("commonmark")
    with_front_matter = MarkdownIt("commonmark").use(front_matter_plugin)

    times: dict[str, list[float]] = {}

    def record(kind: str, seconds: float) -> None:
        times.setdefault(kind, []).append(seconds)

    # The parses and the discoveries come before any app has run, while the heap holds
    # what a starting app's does (the imports); apps leave objects in Textual's caches,
    # which make the garbage collector's full passes longer.
    commonmark.parse(big)  # warm-up, not recorded
    kinds: tuple[str, ...] = ("parse-ours", "parse-commonmark", "parse-front-matter")
    for count, kind in enumerate(rotations(kinds, parse_runs), 1):
        if kind == "parse-ours":
            record(kind, timed(lambda: parse_agenda(big, "bench-big.en.md")))
        elif kind == "parse-commonmark":
            record(kind, timed(lambda: commonmark.parse(big)))
        else:
            record(kind, timed(lambda: with_front_matter.parse(big)))
        progress(show, "big parse", count, parse_runs * len(kinds))

    kinds = ("discover-cold", "discover-warm")
    for count, kind in enumerate(rotations(kinds, runs), 1):
        if kind == "discover-cold":
            drop_cache(paths)
        else:
            fill_cache(paths)
        record(kind, timed(lambda: discover(paths)))
        progress(show, "discovery", count, runs * len(kinds))

    fill_cache(paths)
    warm_library = AgendaLibrary.discover(paths)
    for _ in range(runs):
        record("options", timed(lambda: agenda_options(warm_library)))

    # Warm-up, not recorded: one app of each kind.
    facilitator_list(paths, options)
    facilitator_list(shipped_only, options_shipped)
    bare_list(options)
    kinds = ("list-cold", "list-warm", "list-bare", "list-shipped")
    for count, kind in enumerate(rotations(kinds, runs), 1):
        if kind == "list-bare":
            record(kind, bare_list(options))
        elif kind == "list-shipped":
            fill_cache(shipped_only)
            record(kind, facilitator_list(shipped_only, options_shipped)[0])
        else:
            if kind == "list-cold":
                drop_cache(paths)
            else:
                fill_cache(paths)
            ready, shown = facilitator_list(paths, options)
            record(kind, ready)
            record(f"shown-{kind.removeprefix('list-')}", shown)
        progress(show, "home screen", count, runs * len(kinds))

    if show:
        print("  markdown-it import in fresh interpreters", file=sys.stderr)
    return Results(
        shipped=len(library.files) - len(mine),
        generated=len(mine),
        user_bytes=user_bytes,
        blocks_median=blocks_median,
        options=options,
        discover_cold=Summary.of(times["discover-cold"]),
        discover_warm=Summary.of(times["discover-warm"]),
        list_cold=Summary.of(times["list-cold"]),
        list_warm=Summary.of(times["list-warm"]),
        list_bare=Summary.of(times["list-bare"]),
        list_shipped=Summary.of(times["list-shipped"]),
        options_shipped=options_shipped,
        shown_cold=statistics.median(times["shown-cold"]),
        shown_warm=statistics.median(times["shown-warm"]),
        options_build=statistics.median(times["options"]),
        import_markdown_it=Summary.of(markdown_it_import(IMPORT_RUNS)),
        big_bytes=len(big.encode()),
        big_blocks=len(big_agenda.blocks),
        parse_ours=Summary.of(times["parse-ours"]),
        parse_commonmark=Summary.of(times["parse-commonmark"]),
        parse_front_matter=Summary.of(times["parse-front-matter"]),
    )


# --------------------------------------------------------------------------------------
# Report.
# --------------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    """Milliseconds, with a decimal below 10 ms."""
    value = seconds * 1000
    return f"{value:.1f} ms" if value < 10 else f"{value:.0f} ms"


def row(name: str, s: Summary, *extra: str) -> str:
    cells = [name, str(s.runs), ms(s.median), ms(s.p90), *extra]
    return "| " + " | ".join(cells) + " |"


def tables(r: Results) -> list[str]:
    """The figures as three Markdown tables, each followed by its verdicts."""
    from facilitator.agenda.parse import MAX_AGENDA_BYTES as limit

    agendas = r.shipped + r.generated
    over_bare = r.list_warm.median - r.list_bare.median
    over_bare_cold = r.list_cold.median - r.list_bare.median
    over_shipped = r.list_warm.median - r.list_shipped.median
    # From the fastest runs: the work is the same every run, so noise on the machine only
    # ever adds time, and the fastest run of each is the least disturbed.
    markdown_share = r.parse_front_matter.minimum / r.parse_ours.minimum
    commonmark_share = r.parse_commonmark.minimum / r.parse_ours.minimum
    ours_only = r.parse_ours.minimum - r.parse_front_matter.minimum
    return [
        f"**Discovery** of {agendas} agendas (`AgendaLibrary.discover`):",
        "",
        "| cache | runs | median | p90 | per agenda (median) |",
        "|---|---:|---:|---:|---:|",
        row(
            "cold: none, every file parsed, cache written",
            r.discover_cold,
            ms(r.discover_cold.median / agendas),
        ),
        row(
            "warm: cache present, summaries read, nothing parsed",
            r.discover_warm,
            ms(r.discover_warm.median / agendas),
        ),
        "",
        f"A cold start also imports markdown-it, which the in-process cold figures leave out: "
        f"{ms(r.import_markdown_it.median)} median ({r.import_markdown_it.runs} fresh "
        f"interpreters, p90 {ms(r.import_markdown_it.p90)}).",
        "",
        f"**Home screen agenda list ready** ({r.options} options: {agendas} agendas and their "
        "language headings), from just before the app is built until the list is mounted "
        "and full:",
        "",
        "| app | runs | median | p90 | home screen shown, list still filling (median) |",
        "|---|---:|---:|---:|---:|",
        row("facilitator, cold cache", r.list_cold, ms(r.shown_cold)),
        row("facilitator, warm cache", r.list_warm, ms(r.shown_warm)),
        row(
            f"facilitator, warm cache, shipped agendas only ({r.options_shipped} options)",
            r.list_shipped,
            "-",
        ),
        row(f"bare app, one OptionList of {r.options} plain options", r.list_bare, "-"),
        "",
        f"- Warm cache (every start but the first): **{ms(r.list_warm.median)}** median, "
        f"p90 {ms(r.list_warm.p90)}; goal under {GOAL_LIST_MS:.0f} ms: "
        f"{verdict(r.list_warm.p90 * 1000 < GOAL_LIST_MS)} (judged on the p90). Facilitator "
        f"takes {ms(over_bare)} longer than the bare list of as many options (medians). Of "
        f"that, the {r.generated} generated agendas account for {ms(over_shipped)} (against "
        f"facilitator with only the shipped agendas), of which building the options from a "
        f"loaded library takes {ms(r.options_build)}; the rest is the home screen itself. "
        f"The agendas are read by a worker after the screen shows: the list fills "
        f"{ms(r.list_warm.median - r.shown_warm)} after the screen is up (medians), and the "
        f"screen takes keys meanwhile.",
        f"- Cold cache (first start, or after every agenda changed): "
        f"**{ms(r.list_cold.median)}** median, p90 {ms(r.list_cold.p90)}, plus "
        f"{ms(r.import_markdown_it.median)} for importing markdown-it; under "
        f"{GOAL_LIST_MS:.0f} ms: "
        f"{verdict((r.list_cold.p90 + r.import_markdown_it.median) * 1000 < GOAL_LIST_MS)}. "
        f"Facilitator takes {ms(over_bare_cold)} longer than the bare list (medians). The "
        f"screen itself is up after {ms(r.shown_cold)}; the parsing happens in the worker, "
        "so the screen never waits for it.",
        "",
        f"**Parser at the file size limit**: one English agenda of {r.big_blocks} blocks, "
        f"{r.big_bytes:,} bytes (just under the {limit:,}-byte ({limit // 1024} KB) limit "
        "of an agenda file, which was 1,000,000 bytes until the parser could not read that "
        "in a second):",
        "",
        "| parser | runs | median | p90 | min | max |",
        "|---|---:|---:|---:|---:|---:|",
        row(
            "`parse_agenda` (facilitator)",
            r.parse_ours,
            ms(r.parse_ours.minimum),
            ms(r.parse_ours.maximum),
        ),
        row(
            'markdown-it `MarkdownIt("commonmark").parse` (reference)',
            r.parse_commonmark,
            ms(r.parse_commonmark.minimum),
            ms(r.parse_commonmark.maximum),
        ),
        row(
            "markdown-it commonmark + front-matter plugin, as `parse_agenda` runs it",
            r.parse_front_matter,
            ms(r.parse_front_matter.minimum),
            ms(r.parse_front_matter.maximum),
        ),
        "",
        f"- `parse_agenda` at the limit: **{ms(r.parse_ours.median)}** median; under "
        f"{GOAL_PARSE_S:.0f} s: {verdict(r.parse_ours.median < GOAL_PARSE_S)}. Slowest "
        f"{ms(r.parse_ours.maximum)} (fastest {ms(r.parse_ours.minimum)}); never over "
        f"{GOAL_PARSE_S:.0f} s: {verdict(r.parse_ours.maximum < GOAL_PARSE_S)}. markdown-it's "
        f"own parse takes {markdown_share:.0%} of its time ({commonmark_share:.0%} without "
        "the front-matter plugin; fastest runs compared, as noise only adds time). "
        + (
            f"The rest, {ms(ours_only)}, is facilitator's own work: walking the tokens, "
            "reading inline text, checking and building the agenda, freeing the tokens. "
            if ours_only >= 0
            else "`parse_agenda` beats the bare markdown-it call: it leaves markdown-it's "
            "inline rules out for text without inline markup (reading only its line breaks "
            "itself), and pauses Python's cycle collector while the token list lives; its "
            "own work (walking the tokens, checking and building the agenda) costs less "
            "than that saves. "
        )
        + "The reference alone takes "
        f"{ms(r.parse_commonmark.minimum)} to {ms(r.parse_commonmark.maximum)}, so it "
        f"{'fits' if r.parse_commonmark.maximum < GOAL_PARSE_S else 'does not fit'} in the "
        f"{GOAL_PARSE_S:.0f} s budget by itself.",
    ]


def section(r: Results, info: dict[str, str], runs: int, parse_runs: int) -> str:
    """The agendas section of BENCHMARKS.md, markers included."""
    import textwrap

    rerun = ".venv/bin/python bench/agendas.py"
    if runs != 15:
        rerun += f" --runs {runs}"
    if parse_runs != 5:
        rerun += f" --parse-runs {parse_runs}"
    how = rerun_line(rerun, "bench/agendas.py")
    description = (
        f"The shipped agendas ({r.shipped}) plus {r.generated} generated ones in the user's "
        f"agenda folder (half English, half Latvian; 3-12 blocks, median "
        f"{r.blocks_median:g}; fixed and ranged durations, questions, `###` groups, "
        f"descriptions and notes; {r.user_bytes / 1000:.0f} KB in all). Everything is "
        f"measured in one process after a warm-up, so imports are not timed; {runs} runs of "
        f"each kind ({parse_runs} of the big parses), interleaved, each after a garbage "
        "collection; the parses and discoveries run before any app has. The cold runs "
        "delete the parsed-agenda cache first. The "
        f"apps run headless at {SIZE[0]}x{SIZE[1]} (`run_test`); the list counts as ready "
        "when the active screen's `#agendas` OptionList is mounted and holds every option, "
        "checked every millisecond."
    )
    lines = [
        BEGIN,
        "## Agenda discovery and parsing",
        "",
        textwrap.fill(description, width=88),
        "",
        *provenance(info, how),
        "",
        *tables(r),
        END,
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        description="Agenda discovery, the home screen's agenda list, and the parser at its "
        "file size limit."
    )
    parser.add_argument(
        "--runs", type=int, default=15, help="runs of each kind (at least 5; default 15)"
    )
    parser.add_argument(
        "--write",
        action=argparse.BooleanOptionalAction,
        default=True,
        help=f"update the agendas section of {BENCHMARKS.name} (default: yes)",
    )
    parser.add_argument(
        "--parse-runs",
        type=int,
        default=5,
        help="runs of each big parse, about half a second each (at least 3; default 5)",
    )
    args = parser.parse_args(argv)
    if args.runs < 5:
        parser.error("--runs must be at least 5")
    if args.parse_runs < 3:
        parser.error("--parse-runs must be at least 3")

    began = time.monotonic()
    print(
        f"agendas: {args.runs} runs of each kind ({args.parse_runs} of the big parses), "
        "interleaved",
        file=sys.stderr,
    )
    with tempfile.TemporaryDirectory(prefix="facilitator-bench-agendas-") as root:
        results = measure(args.runs, args.parse_runs, Path(root), sys.stderr.isatty())
    info = machine(f"markdown-it-py {version('markdown-it-py')}")
    text = section(results, info, args.runs, args.parse_runs)
    print("\n".join(tables(results)))
    print(f"took {time.monotonic() - began:.0f} s", file=sys.stderr)
    if args.write:
        write_section("agendas", text, after="startup")
        print(f"updated {BENCHMARKS.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
