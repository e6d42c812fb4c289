"""Command-line tools for operators (see docs/runbook.md)."""
