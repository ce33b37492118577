"""Stored results of the analysis (keyword tables, reference populations)."""
