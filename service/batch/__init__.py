"""Year-end batches: a roster in, every member's self-review and each cell's collective documents out, as one
ZIP with a manifest and a printable book per cell.

roster → plan (job, chunks, items in the database) → runner (local process pool or Celery workers) runs the
chunk function on every chunk → assemble (ZIP). Each module here is one of those steps.
"""
