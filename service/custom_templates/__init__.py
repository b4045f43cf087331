"""An organization's own DOCX templates ("bring your own template"), and the sandbox they run in.

intake.py takes a template in (safety checks, lint, preview, conformance,
versions kept by content); versions.py records them and which one is active;
choice.py picks the template a document is issued with. Uploaded templates are
untrusted code: sandbox.py is the restricted Jinja environment, worker.py the
process it runs in, pool.py the processes and their time limit. Doors: service/cli/templates.py,
service/api/templates.py, service/web/views/templates.py.
"""
