"""Widgets that only format what the core computes."""
