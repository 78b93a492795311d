"""The app's screens: each gets its model through its constructor."""
