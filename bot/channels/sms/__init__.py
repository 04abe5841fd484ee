"""SMS through Twilio's Programmable Messaging; declared in `channel_type.SMS`."""
