"""A meeting's rules: what a session holds (entries, details, participants), the clock that
keeps its time, what a typed line means, ratings; and the meeting being run, which ties
them to the session file.
"""
