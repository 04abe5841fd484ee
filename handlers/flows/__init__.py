"""Conversation flows, one module each; `handlers.wiring` says what reaches each of them."""
