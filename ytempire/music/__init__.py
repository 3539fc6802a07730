"""Background music a user uploads and videos play under the narration."""
