"""Route modules of the web blueprint, one per resource."""
