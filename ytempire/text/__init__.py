"""Text handling shared by script writers, voices and the YouTube metadata: sentences, languages, limits."""
