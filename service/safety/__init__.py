"""Files that come from outside — uploaded documents, templates and rosters — opened without trusting them:
uploads.py is the one way in, over packages.py (zip limits, bounded XML without DTDs or XInclude) and
active.py (macros, ActiveX, OLE objects, DDE fields, remote templates); stripping.py removes macros and
remote templates from a document the service hands back."""
