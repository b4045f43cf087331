"""The conformance checker's rules, one module per part of the page; service.formats.checker runs them."""
