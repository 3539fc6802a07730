"""Publishers: the YouTube Data API for linked channels, a local store otherwise."""
