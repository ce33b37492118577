"""The controls Korean privacy law asks for: access records, reviews, retention, deletions."""
