"""Glossaries: loading, caching of compiled forms (and, later, lint and edits)."""
