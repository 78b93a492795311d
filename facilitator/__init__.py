"""facilitator: keep time, capture what is said, and export minutes of mentoring meetings."""

__version__ = "0.1.0"
