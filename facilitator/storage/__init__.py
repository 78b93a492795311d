"""Where things are kept, and how they survive a crash: atomic files, locks, the data
folder's paths, the settings, the session files.

Nothing here knows the screen; nothing above it writes a file any other way.
"""
