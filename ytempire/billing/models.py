"""Tables of the billing feature."""
