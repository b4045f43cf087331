"""Format profiles (the Party's layout rules as data), the template builder and the conformance checker."""
