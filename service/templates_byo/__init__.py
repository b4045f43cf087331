"""Organizations' own DOCX templates ("bring your own template"), and the sandbox they run in.

Uploaded templates are untrusted code: sandbox.py is the restricted Jinja
environment, worker.py the process it runs in, pool.py the processes and their
time limit; lint.py tells a template's author what is wrong with it.
"""
