"""Meetings of committees, organizations and any other registered kind of body, with minutes."""
