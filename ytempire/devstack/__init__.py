"""The one-command local stack: embedded services when no URLs are given, then every process."""
