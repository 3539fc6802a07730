"""Originality guard: fingerprints of each finished video and the near-duplicate check before upload."""
