"""Organizations (주민 단체): their members and activity records with photos; a kind of body
whose meetings the meetings app keeps (egov_plugin.meetings)."""
