"""Conversation logic, free of any platform SDK, and Indonesian text parsing."""
