"""Files that come from outside — uploaded documents, templates and rosters — opened without trusting them:
packages.py is the one way in (zip limits, bounded XML, no DTDs, XInclude or active content), stripping.py
removes macros and remote templates from a document the service hands back."""
