"""WhatsApp through Twilio's Messaging API; declared in `channel_type.WHATSAPP`."""
