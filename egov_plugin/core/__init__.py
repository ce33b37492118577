"""Shared foundations of egov_plugin: settings, Korean text helpers, the audit log."""
