"""The simulator: the browser chat page and the terminal chat (`channel_type.SIMULATOR`)."""
