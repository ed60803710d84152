"""A local HTTPS stand-in for YouTube's IFrame API and embed page (tests only)."""
