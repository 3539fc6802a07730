"""Tables of the youtube feature."""
