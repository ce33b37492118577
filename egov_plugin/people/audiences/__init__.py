"""Audiences: who a search, an export or a campaign is about, and how each person can be reached."""
