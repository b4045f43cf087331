"""Documents for the checker's tests, made at test time: our own generated documents, and copies of them
with one fault planted by editing their XML (no binary fixtures in the repository)."""
