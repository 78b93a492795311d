"""Who takes part in a meeting: the participants, their roles in both languages, and the
one-line form a facilitator types them in (`Anna Bērziņa (mentor), Jānis (mentee)`)."""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.i18n import N_, current_language, ngettext, translations

ROLES: dict[str, tuple[str, ...]] = {
    "mentor": ("mentor", "mentors", "mentore", "padomdevējs"),
    "mentee": (
        "mentee",
        "mentorējamais",
        "mentorējamā",
        "pieredzes pārņēmējs",
        "pieredzes pārņēmēja",
    ),
    "pupil": ("pupil", "skolēns", "skolniece", "izglītojamais", "izglītojamā"),
    "coordinator": ("coordinator", "koordinators", "koordinatore"),
    "support-group": (
        "support-group member",
        "support group member",
        "support group",
        "atbalsta grupa",
        "atbalsta grupas dalībnieks",
        "atbalsta grupas dalībniece",
    ),
    "observer": ("observer", "novērotājs", "novērotāja"),
}
"""The roles the programmes name, by key, with the words (en and lv) that mean them.

Every language's name for a role (`ROLE_NAMES`) is among its words, so a role shown in
either language reads back as the same role."""

ROLE_NAMES: dict[str, str] = {
    "mentor": N_("mentor"),
    "mentee": N_("mentee"),
    "pupil": N_("pupil"),
    "coordinator": N_("coordinator"),
    "support-group": N_("support-group member"),
    "observer": N_("observer"),
}
"""What each role is called in documents and on screen (translated where it is shown)."""

ABSENT_WORDS = ("absent", "not present", "prombūtnē", "nepiedalījās", "nebija")
"""Words that, among a participant's details, say they did not attend."""


def role_name(role: str, language: str | None = None) -> str:
    """A participant's role for people: a known role's name in `language` (the UI language
    by default), free text as it was typed."""
    name = ROLE_NAMES.get(canonical_role(role))
    if name is None:
        return role
    return translations(language or current_language()).gettext(name)


def canonical_role(text: str) -> str:
    """The role's key when `text` names a known role (any case, either language), else the
    text itself, tidied: roles outside the list are free text."""
    tidy = " ".join(text.split())
    lowered = tidy.casefold()
    for key, words in ROLES.items():
        if lowered == key or lowered in words:
            return key
    return tidy


@dataclass
class Participant:
    """Someone invited to the meeting."""

    name: str
    role: str = ""
    """A key of `ROLES`, or free text."""
    attended: bool = True


def parse_participants(text: str) -> list[Participant]:
    """Read `Anna (mentor), Jānis (mentee, absent)` into participants with roles.

    Known roles, in either language, are stored by their key; anything else in the
    brackets is a free-text role. `absent` (or `prombūtnē`) among the details marks
    someone who did not attend.
    """
    people: list[Participant] = []
    for part in _split(text):
        part = part.strip()
        if not part:
            continue
        name, details = part, ""
        if part.endswith(")") and "(" in part:
            name, _, details = part[:-1].partition("(")
        attended = True
        roles: list[str] = []
        for detail in details.split(","):
            detail = detail.strip()
            if detail.casefold() in ABSENT_WORDS:
                attended = False
            elif detail:
                roles.append(canonical_role(detail))
        people.append(Participant(" ".join(name.split()), ", ".join(roles), attended))
    return people


def _split(text: str) -> list[str]:
    """Split on commas and semicolons, but not inside brackets."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        if char in ",;\n" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def format_participants(people: list[Participant], language: str | None = None) -> str:
    """The participants as `parse_participants` reads them back, roles and absence in
    `language` (the UI language by default)."""
    catalogue = translations(language or current_language())
    out = []
    for person in people:
        roles = [role_name(part.strip(), language) for part in person.role.split(",")]
        details = [role for role in roles if role]
        if not person.attended:
            details.append(catalogue.pgettext("participant", "absent"))
        out.append(f"{person.name} ({', '.join(details)})" if details else person.name)
    return ", ".join(out)


def over_limit(people: list[Participant], limit: int) -> str | None:
    """What to tell when more people are listed than the meeting is for (`limit`, an
    agenda's `max-participants`; 0: none), in the UI language; None when they fit. A
    warning: the facilitator decides."""
    if not limit or len(people) <= limit:
        return None
    return ngettext(
        "{n} participants are listed: this meeting is for at most {limit} person.",
        "{n} participants are listed: this meeting is for at most {limit} people.",
        limit,
    ).format(n=len(people), limit=limit)
