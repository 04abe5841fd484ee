"""Twilio's Programmable Messaging, shared by the channels it carries (WhatsApp, SMS).

The REST client pointed at TWILIO_API_BASE_URL (`rest`), signed webhooks (`webhooks`) and
delivery status callbacks (`status`).
"""
