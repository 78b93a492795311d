"""Across sessions: a series of visits or meetings and what it carries from one to the next,
the history of every past session, and the launch of a session to run (created alone or in
a series, or opened again).
"""
