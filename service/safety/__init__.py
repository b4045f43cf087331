"""Checks for files that come from outside: uploaded documents and, later, uploaded templates."""
