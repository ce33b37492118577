"""The registry: one row per person the district works with, whatever groups they belong to."""
