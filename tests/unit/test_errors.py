"""An error's reason in the words the facilitator sees."""

from __future__ import annotations

import errno

from facilitator.errors import os_reason


def test_an_os_error_gives_the_systems_words_only() -> None:
    error = OSError(errno.ENOSPC, "No space left on device", "/data/sessions/x.json")
    assert os_reason(error) == "No space left on device"


def test_other_errors_give_their_text_or_their_type() -> None:
    assert os_reason(OSError("refused")) == "refused"
    assert os_reason(ValueError("bad value")) == "bad value"
    assert os_reason(PermissionError()) == "PermissionError"
