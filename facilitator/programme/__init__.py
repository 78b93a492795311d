"""Across sessions: a series of visits or meetings and what it carries from one to the next,
and the history of every past session.
"""
