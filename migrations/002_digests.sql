-- Daily digests: one schedule per (guild, channel); a delivery ledger row per schedule and period.
CREATE TABLE schedules (
  id           INTEGER PRIMARY KEY,
  guild_id     TEXT    NOT NULL,
  channel_id   TEXT    NOT NULL,
  time         TEXT    NOT NULL,          -- HH:MM, local to timezone
  timezone     TEXT    NOT NULL,          -- IANA name
  actors       TEXT,                      -- JSON array of canonical names, or NULL for all
  topics       TEXT,                      -- JSON array of topics, or NULL for all
  quiet        INTEGER NOT NULL DEFAULT 1, -- 1: skip when nothing is new; 0: post a short note
  status       TEXT    NOT NULL DEFAULT 'active', -- active | paused
  pause_reason TEXT,
  created_by   TEXT,
  created_at   TEXT    NOT NULL,
  updated_at   TEXT    NOT NULL,
  UNIQUE (guild_id, channel_id)
);

CREATE TABLE deliveries (
  id           INTEGER PRIMARY KEY,
  schedule_id  INTEGER NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
  period       TEXT    NOT NULL,           -- the local date the digest is for, YYYY-MM-DD
  status       TEXT    NOT NULL,           -- claimed | sent | retried | failed | skipped-empty | missed | paused
  attempts     INTEGER NOT NULL DEFAULT 0,
  message_ids  TEXT,                       -- JSON array of Discord message ids
  error        TEXT,
  claimed_by   TEXT,
  claimed_at   TEXT    NOT NULL,
  settled_at   TEXT,
  since        TEXT,                       -- digest covers articles ingested after this instant
  UNIQUE (schedule_id, period)
);
CREATE INDEX deliveries_schedule ON deliveries(schedule_id, period);
