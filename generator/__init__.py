"""Opit: read content -> validate -> catalog -> render docs tree -> site -> search index -> open data."""
