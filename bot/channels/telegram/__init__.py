"""Telegram through python-telegram-bot; declared in `channel_type.TELEGRAM`."""
