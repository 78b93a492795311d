"""The agendas the agenda benchmark (`agendas.py`) reads: 200 generated ones, half English,
half Latvian, and one big English agenda just under the parser's file size limit. Seeded,
so every run reads the same text."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

GENERATED = 200
"""Agendas generated into the user's agenda folder."""
BIG_MARGIN_BYTES = 5_000
"""The big agenda stays this far under the parser's file size limit (a block is ~300 B)."""
SEED = 20261123
SIZE = (120, 40)
"""The headless apps' terminal size."""


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
