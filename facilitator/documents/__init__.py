"""What leaves the app for people who never saw it: minutes, action plans, the series'
plan, the take-away QR code.
"""
