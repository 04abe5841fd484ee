"""Free-text parser: an informal Indonesian PSM chat message in, structured fields out."""

from handlers.parsing.evaluate import FIELDS, evaluate
from handlers.parsing.message import ParsedMessage, parse_message

__all__ = ["FIELDS", "ParsedMessage", "evaluate", "parse_message"]
