"""Who takes part in a meeting: the participants, their roles in both languages, and the
one-line form a facilitator types them in (`Anna Bērziņa (mentor), Jānis (mentee)`)."""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.i18n import N_, current_language, ngettext, translations

SAID: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "mentor": (("mentor",), ("mentors", "mentore", "padomdevējs", "padomdevēja")),
    "mentee": (
        ("mentee",),
        ("mentorējamais", "mentorējamā", "pieredzes pārņēmējs", "pieredzes pārņēmēja"),
    ),
    "pupil": (("pupil", "student"), ("skolēns", "skolniece", "izglītojamais", "izglītojamā")),
    "coordinator": (("coordinator",), ("koordinators", "koordinatore")),
    "case-manager": (
        ("case manager", "case-manager"),
        ("gadījuma vadītājs", "gadījuma vadītāja", "sociālais darbinieks", "sociālā darbiniece"),
    ),
    "parent": (
        ("parent", "guardian", "parent or guardian"),
        (
            "vecāks vai aizbildnis",
            "vecāks",
            "vecāki",
            "aizbildnis",
            "aizbildne",
            "māte",
            "tēvs",
            "mamma",
            "tētis",
        ),
    ),
    "supervisor": (("supervisor",), ("supervizors", "supervizore")),
    "learner": (("learner",), ("mācību dalībnieks", "mācību dalībniece", "mācekļs", "māceklis")),
    "company": (
        ("company representative", "company"),
        ("uzņēmuma pārstāvis", "uzņēmuma pārstāve", "darba devējs", "darba devēja"),
    ),
    "education-centre": (
        ("education centre", "education center", "education centre representative"),
        ("izglītības centrs", "izglītības centra pārstāvis", "izglītības centra pārstāve"),
    ),
    "community": (
        ("community representative", "community"),
        ("kopienas pārstāvis", "kopienas pārstāve"),
    ),
    "politician": (("politician",), ("politiķis", "politiķe", "deputāts", "deputāte")),
    "city-officer": (
        ("city officer", "city official"),
        (
            "pašvaldības darbinieks",
            "pašvaldības darbiniece",
            "domes darbinieks",
            "domes darbiniece",
            "pašvaldības speciālists",
            "pašvaldības speciāliste",
        ),
    ),
    "support-group": (
        ("support-group member", "support group member", "support group"),
        ("atbalsta grupa", "atbalsta grupas dalībnieks", "atbalsta grupas dalībniece"),
    ),
    "observer": (("observer",), ("novērotājs", "novērotāja")),
}
"""The roles the programmes name, by key, with the words that mean them in English and in
Latvian (a Latvian role keeps the form that was typed: `mentore` stays `mentore`).

Every language's name for a role (`ROLE_NAMES`) is among its words, so a role shown in
either language reads back as the same role."""

ROLES: dict[str, tuple[str, ...]] = {key: (*en, *lv) for key, (en, lv) in SAID.items()}
"""Every word, in either language, that names each role."""

ROLE_NAMES: dict[str, str] = {
    "mentor": N_("mentor"),
    "mentee": N_("mentee"),
    "pupil": N_("pupil"),
    "coordinator": N_("coordinator"),
    "case-manager": N_("case manager"),
    "parent": N_("parent or guardian"),
    "supervisor": N_("supervisor"),
    "learner": N_("learner"),
    "company": N_("company representative"),
    "education-centre": N_("education centre"),
    "community": N_("community representative"),
    "politician": N_("politician"),
    "city-officer": N_("city officer"),
    "support-group": N_("support-group member"),
    "observer": N_("observer"),
}
"""What each role is called in documents and on screen (translated where it is shown)."""

ABSENT_WORDS = (
    "absent",
    "not present",
    "did not attend",
    "did not come",
    "excused",
    "prombūtnē",
    "nepiedalījās",
    "nebija",
    "nav ieradies",
    "nav ieradusies",
    "neieradās",
    "neatnāca",
    "nav klāt",
    "attaisnoti",
)
"""Words that, among a participant's details, say they did not attend."""


def role_name(role: str, language: str | None = None) -> str:
    """A participant's role for people: a known role's name in `language` (the UI language
    by default), free text as it was typed. A role typed in Latvian reads in Latvian as
    it was typed (`mentore`, not the catalogue's `mentors`)."""
    key = canonical_role(role)
    name = ROLE_NAMES.get(key)
    if name is None:
        return role
    language = language or current_language()
    typed = " ".join(role.split())
    if language == "lv" and typed.casefold() in SAID[key][1]:
        return typed
    return translations(language).gettext(name)


def stored_role(text: str) -> str:
    """How a role typed as `text` is kept: a known role by its key, or, typed in Latvian,
    as typed (its key is found from it again: `canonical_role`); free text tidied."""
    key = canonical_role(text)
    typed = " ".join(text.split())
    if key in SAID and typed.casefold() in SAID[key][1]:
        # The Latvian name the app itself writes is the role (a form shown and saved again
        # stays as it was); another form (`mentore`) is kept as typed.
        default = translations("lv").gettext(ROLE_NAMES[key])
        return key if typed.casefold() == default.casefold() else typed
    return key


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

    Known roles are stored by their key (a Latvian one as typed: `stored_role`); anything
    else in the brackets is a free-text role. `absent` (or `prombūtnē`) among the details marks
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
                roles.append(stored_role(detail))
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
