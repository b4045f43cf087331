"""Turning templates and contexts into DOCX bytes."""
