"""Organizations (주민 단체): their members, activity records with photos, and meetings with
minutes, attachments and a printable view (meetings may also be a committee's)."""
