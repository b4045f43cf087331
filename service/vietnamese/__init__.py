"""Vietnamese wording for documents: number words, dates, figures and text.

Importing the package installs the corrected num2words "vi" converter (see
numbers.py), so every num2words(..., lang="vi") call in the process agrees
with to_words().
"""

from . import numbers  # noqa: F401  (imported for the num2words registration)
