"""egov_plugin: an e-governance system for Korean district offices, as a Wagtail package."""

__version__ = "0.1.0"
