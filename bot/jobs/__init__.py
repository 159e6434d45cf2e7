"""Scheduled jobs by area. Each takes its slot time and never reads the clock; each is safe to
run twice for the same slot (conditional updates decide)."""
