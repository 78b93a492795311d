"""A QR code drawn in the terminal, the same in every theme."""

from __future__ import annotations

from rich.text import Text

from facilitator.documents.qr import half_blocks, qr_matrix

QR_STYLE = "#000000 on #FFFFFF"
"""Dark modules on a light background in every theme: scanners expect it, and a code
drawn in the theme's colours would turn negative in the dark theme."""


def qr_text(text: str) -> Text:
    """The code of `text` as terminal lines (`half_blocks`), dark on light.

    Raises:
        ValueError: `text` needs a code larger than `documents.qr.MAX_VERSION`.
    """
    return Text("\n".join(half_blocks(qr_matrix(text))), style=QR_STYLE, no_wrap=True)
