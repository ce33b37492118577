"""SMS and e-mail campaigns to chosen people: consent, Korean SMS rules, exactly-once sending."""
