"""Delivering the outbox: a fair, prioritised, crash-safe work queue in the database.

Why this shape
--------------
The outbox stays transactional: a turn's replies commit with the records that caused them, so
nothing is sent for a turn that rolled back and nothing is lost for one that committed. The
database (PostgreSQL when several processes run) is then also the queue; no broker is needed:

* **Claims expire.** A sender claims a row by writing its name and an expiry (`claimed_until`,
  in the database's clock) into it, renews the claims of its running sends every few seconds,
  and records the outcome only while it still holds the claim. Every running process gives
  lapsed claims back to the queue (`rescue`), so a killed process, a lost connection or a
  paused VM blocks a chat for at most the claim's lifetime. A clean stop gives its claims
  back at once.
* **One message per chat at a time, in order.** Only the first open row of a chat can be
  claimed (`storage.outbox.claim`), with `FOR UPDATE SKIP LOCKED` on PostgreSQL; a retried row
  keeps every later row of its chat waiting, in the database, whoever sends.
* **Lanes and slots.** Each channel has an interactive lane (replies, notices) and a bulk lane
  (reminders, nudges, reports). The sender keeps a bounded number of sends in flight per
  channel and claims new rows as sends finish, interactive rows first; bulk may fill only part
  of the slots, and in the rate limiter an urgent send goes before waiting bulk ones. One slow
  request or a backoff never holds other chats.
* **Limits per deployment: one sender per channel.** A channel with platform limits
  (Telegram, WhatsApp) is sent on by the one process holding its lease (`sender:<channel>`),
  renewed in the background; its limiter (`bot.sending.limiter`) therefore sees every send of
  the deployment and keeps the limits exactly, with no round trip per message. Other processes
  stand by and take over when the lease lapses, after counting the sends of the last minute
  into their own limiter. The alternative, a token bucket row in PostgreSQL, would cost a
  write per send, serialise every sender on that row, and still could not keep "one per second
  per chat" without a row per chat; a single elected sender per channel is simpler and
  sending is I/O, which one process does at the platforms' rates with room to spare.
* **Progress in the row.** A message made of several platform messages (a long text in parts,
  a report with its chart, PDF and XLSX) records each delivered part (`part_ids`) before the
  next one goes, so a retry anywhere sends only the rest.

Exactly once is not on offer: neither Telegram's Bot API nor Twilio's Messages API can
deduplicate a repeated request. If a process dies after the platform accepted a message but
before the outcome is stored, or an answer never comes back (a read timeout), the message is
sent again. Long send timeouts and a minute's wait before repeating an unanswered send keep
that rare; the README says so.
"""
