"""Conversation flows, one module each; `FLOWS` maps a flow name to its step handler."""
