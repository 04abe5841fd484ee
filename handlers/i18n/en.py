"""English texts, for people who choose English."""

TEXTS: dict[str, str] = {
    "welcome": (
        "Welcome, {name}! 👋\n"
        "I help the PSM of {area} report their work. Send an activity or case report as you "
        "usually do (text + photos), or pick from the menu below."
    ),
    "menu.title": "Main menu. Please choose:",
    "menu.activity": "📝 Report an activity",
    "menu.case": "🧑‍🤝‍🧑 Report a new case",
    "menu.my_cases": "📂 My cases",
    "menu.help": "❓ Help",
    "help": (
        "How to report:\n"
        '• Send a message as usual, e.g. "yesterday helped distribute BPNT aid in RW 05, '
        '32 KPM" with photos. I will turn it into a report and only ask for what is missing.\n'
        "• Or type /menu to report step by step.\n"
        "• /kasus lists your open cases.\n"
        "• /batal cancels the report you are writing."
    ),
    "unknown_sender": (
        "Sorry, this number is not registered as a PSM. Report data can only be seen by "
        "registered users.\nIf you are a PSM, please contact your TKSK or type /daftar to "
        "request registration."
    ),
    "inactive_sender": "Sorry, your account is inactive. Please contact your TKSK.",
    "group_chat": (
        "To keep residents' data confidential, reports can only be sent in a private chat with "
        "me. Please open a private chat. 🙏"
    ),
    "too_long": (
        "Sorry, that message is too long ({length} characters, at most {limit}). Please make "
        "it shorter. Your report in progress is kept."
    ),
    "rejected.too_large": (
        "Sorry, that file is too large (at most {limit_mb} MB). Please send a smaller photo. "
        "Your report in progress is kept."
    ),
    "rejected.file_type": "Sorry, that kind of file can't be accepted. Send photos or PDF only.",
    "rejected.download_failed": (
        "Sorry, the photo could not be received. Please send it again. Your report is kept."
    ),
    "cancelled": "OK, the report is cancelled. Type /menu to start again.",
    "nothing_to_cancel": "There is no report in progress. Type /menu to report.",
    "draft_expired": "Your unfinished report expired and was removed. Please start again.",
    "not_an_option": "Please pick one of the options above (type its number).",
    "fallback": "Sorry, I didn't understand. Type /menu for options, or /bantuan for help.",
    "coming_soon": "This feature is not available yet.",
}
