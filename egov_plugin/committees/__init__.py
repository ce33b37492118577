"""Committees (위원회): expert bodies by field, their members, terms and e-mail addresses."""
