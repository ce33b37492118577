"""Tests of the production profile: served by gunicorn with its settings, Redis and static files."""
