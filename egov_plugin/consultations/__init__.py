"""Policy consultations: page types, residents' opinions, moderation, expert review, outcome."""
