"""How an error's reason is worded for the facilitator: as the operating system says it."""

from __future__ import annotations


def os_reason(exc: BaseException) -> str:
    """Why it failed: an OS error's own words (`No space left on device`, without the
    errno and the file name around them), else the error's text, else its type's name."""
    strerror = exc.strerror if isinstance(exc, OSError) else None
    return strerror or str(exc) or type(exc).__name__
