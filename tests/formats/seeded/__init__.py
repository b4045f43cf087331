"""Seeded defects: good generated documents mutated into the defects a clerk must not sign."""
