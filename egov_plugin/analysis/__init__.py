"""Opinions analysed by who gave them: breakdowns, representativeness, keywords, similarity."""
