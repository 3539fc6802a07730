"""Tables of the analytics feature."""
