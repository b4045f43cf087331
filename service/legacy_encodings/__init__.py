"""Old Word documents typed in legacy Vietnamese encodings, converted to Unicode run by run.

A run's font says how its bytes are to be read (fonts.py, legacy_fonts.toml); the text
is decoded with service.vietnamese.legacy and the legacy font replaced by the
document font of the format profiles. Uploaded files are opened with service.safety.
"""
