"""High-contrast themes for projectors: text must read from the back of a bright room."""

from __future__ import annotations

from textual.theme import Theme

DARK = Theme(
    name="facilitator-dark",
    primary="#3B82F6",
    secondary="#A78BFA",
    accent="#FACC15",
    warning="#FB923C",
    error="#F87171",
    success="#4ADE80",
    foreground="#FFFFFF",
    background="#000000",
    surface="#111111",
    panel="#1E293B",
    dark=True,
    text_alpha=1.0,
)

LIGHT = Theme(
    name="facilitator-light",
    primary="#1D4ED8",
    secondary="#6D28D9",
    accent="#7C2D12",
    warning="#C2410C",
    error="#B91C1C",
    success="#15803D",
    foreground="#000000",
    background="#FFFFFF",
    surface="#F1F5F9",
    panel="#DBEAFE",
    dark=False,
    text_alpha=1.0,
)

THEMES = (DARK, LIGHT)

CONTRAST = Theme(
    name="facilitator-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFA500",
    error="#FF4040",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#000000",
    dark=True,
    text_alpha=1.0,
)
"""The room view's first theme: pure white and yellow on black, for a washed-out
projector image."""

ROOM_THEMES = (CONTRAST, DARK, LIGHT)
"""The themes the room view cycles through (`t`); never remembered, the facilitator's
own choice stays theirs."""
