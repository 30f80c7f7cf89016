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
  active_from  TEXT    NOT NULL,          -- runs due before this instant are not owed (set on create, change of time or zone, resume)
  UNIQUE (guild_id, channel_id)
);
CREATE INDEX schedules_status ON schedules(status);

-- The delivery ledger. A row is claimed (INSERT … ON CONFLICT DO NOTHING) before anything is sent,
-- so at most one process ever owns a (schedule, period); it is settled after with the outcome.
--   claimed ──► sent | skipped-empty | failed | paused | missed
--      │  ▲
--      ▼  │ (5xx / network / 429: wait, then try again)
--   retried
-- A claimed or retried row whose lease has run out (its owner died) may be re-claimed, compare-and-set
-- on lease_until; the same nonces are sent again, so Discord drops a message that already went out.
CREATE TABLE deliveries (
  id           INTEGER PRIMARY KEY,
  schedule_id  INTEGER NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
  period       TEXT    NOT NULL,           -- the local date the digest is for, YYYY-MM-DD
  status       TEXT    NOT NULL,           -- claimed | sent | retried | failed | skipped-empty | missed | paused
  attempts     INTEGER NOT NULL DEFAULT 0, -- send attempts begun (each recorded before the request goes out)
  parts        INTEGER,                    -- how many messages the digest needs (known once built)
  message_ids  TEXT,                       -- JSON array of Discord message ids, one per part, filled as parts go out
  error        TEXT,                       -- last error or the reason for missed / paused / failed
  claimed_by   TEXT,                       -- the scheduler instance owning the row
  claimed_at   TEXT    NOT NULL,
  lease_until  TEXT,                       -- the owner's lease; past it, another instance may take over
  uncertain_since TEXT,                    -- start of the earliest attempt whose outcome is unknown (5xx, network, crash); NULL once known
  settled_at   TEXT,
  due_at       TEXT,                       -- when the run was due (UTC)
  since        TEXT,                       -- digest covers articles ingested after this instant …
  until        TEXT,                       -- … up to and including this one
  UNIQUE (schedule_id, period)
);
CREATE INDEX deliveries_status ON deliveries(status);
