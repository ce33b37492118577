"""Records the privacy controls keep (monthly reviews, permission changes, deletion requests)."""
