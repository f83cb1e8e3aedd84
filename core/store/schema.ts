/**
 * SQLite schema, applied as numbered migrations tracked in PRAGMA user_version.
 * Times: ISO 8601 UTC text for display, plus *_ms integers where the GUI queries time ranges.
 */
import type { Database } from 'better-sqlite3';

/** Migration 9's triggers: the second of NEW.at_ms takes NEW.id into its id range (written only when it widens it). */
const FRAME_SECOND_WIDENS = `INSERT INTO frame_seconds (at_second, min_id, max_id) VALUES (CAST(NEW.at_ms / 1000 AS INTEGER), NEW.id, NEW.id)
      ON CONFLICT (at_second) DO UPDATE SET min_id = MIN(min_id, excluded.min_id), max_id = MAX(max_id, excluded.max_id)
      WHERE excluded.min_id < min_id OR excluded.max_id > max_id;`;

const MIGRATIONS: string[] = [
  /* 1: initial schema */ `
  CREATE TABLE charge_points (
    id TEXT PRIMARY KEY,
    vendor TEXT, model TEXT, charge_point_serial TEXT, charge_box_serial TEXT, firmware_version TEXT,
    iccid TEXT, imsi TEXT, meter_type TEXT, meter_serial TEXT,
    registration_status TEXT,                 -- last BootNotification answer: Accepted | Pending | Rejected
    online INTEGER NOT NULL DEFAULT 0,
    offline_reason TEXT,                      -- 'disconnected' | 'heartbeat timeout' | null
    edge_id TEXT, connection_id TEXT, remote_address TEXT, subprotocol TEXT,
    heartbeat_interval INTEGER,
    last_id_tag TEXT,
    configuration TEXT,                       -- JSON of the last GetConfiguration result
    first_seen_at TEXT NOT NULL,
    connected_at TEXT, disconnected_at TEXT, last_boot_at TEXT, last_heartbeat_at TEXT,
    last_seen_at TEXT, last_seen_ms INTEGER
  );
  CREATE INDEX charge_points_online ON charge_points(online, id);

  CREATE TABLE connectors (
    charge_point_id TEXT NOT NULL REFERENCES charge_points(id) ON DELETE CASCADE,
    connector_id INTEGER NOT NULL,
    status TEXT NOT NULL,
    error_code TEXT NOT NULL,
    info TEXT, vendor_id TEXT, vendor_error_code TEXT,
    status_at TEXT,                           -- the charger's timestamp, else the time we received it
    updated_at TEXT NOT NULL,
    PRIMARY KEY (charge_point_id, connector_id)
  );

  CREATE TABLE id_tags (
    id_tag TEXT PRIMARY KEY,
    status TEXT NOT NULL,                     -- Accepted | Blocked | Expired | Invalid | ConcurrentTx
    expiry_date TEXT,
    parent_id_tag TEXT,
    note TEXT,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL
  );

  CREATE TABLE transactions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    charge_point_id TEXT NOT NULL REFERENCES charge_points(id) ON DELETE CASCADE,
    connector_id INTEGER NOT NULL,
    id_tag TEXT NOT NULL,
    id_tag_status TEXT NOT NULL,
    reservation_id INTEGER,
    meter_start INTEGER NOT NULL,
    meter_stop INTEGER,
    started_at TEXT NOT NULL,                 -- the charger's timestamp
    stopped_at TEXT,                          -- the charger's timestamp
    stop_reason TEXT,
    stop_id_tag TEXT,
    state TEXT NOT NULL,                      -- active | stopped | orphaned
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL
  );
  CREATE INDEX transactions_cp ON transactions(charge_point_id, id);
  CREATE INDEX transactions_active ON transactions(charge_point_id, connector_id) WHERE state = 'active';
  CREATE INDEX transactions_tag ON transactions(id_tag, state);

  CREATE TABLE frames (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL, at_ms INTEGER NOT NULL,
    charge_point_id TEXT NOT NULL,
    connection_id TEXT,
    direction TEXT NOT NULL,                  -- in (charger → us) | out (us → charger)
    message_type TEXT,                        -- CALL | CALLRESULT | CALLERROR | null when unparseable
    action TEXT,                              -- the CALL's action (replies inherit it from their CALL)
    message_id TEXT,
    call_frame_id INTEGER,                    -- on a reply: the CALL it answers
    reply_frame_id INTEGER,                   -- on a CALL: the reply that answered it
    latency_ms INTEGER,                       -- on a reply and its CALL: reply time - CALL sent time
    error_code TEXT, error_description TEXT,  -- CALLERRORs, parse failures, validation problems
    valid INTEGER NOT NULL DEFAULT 1,         -- 0 when unparseable or failing the schema
    state TEXT,                               -- outbound CALLs: queued | sent | answered | error | timeout | failed
    sent_at_ms INTEGER,                       -- outbound CALLs: when the edge actually wrote it (= at_ms since migration 3)
    event_id TEXT,                            -- inbound: the edge event, to detect redelivery
    raw TEXT NOT NULL
  );
  CREATE INDEX frames_cp_id ON frames(charge_point_id, id);
  CREATE INDEX frames_cp_at ON frames(charge_point_id, at_ms);
  CREATE INDEX frames_at ON frames(at_ms);
  CREATE INDEX frames_action ON frames(action, id);
  CREATE INDEX frames_msgid ON frames(charge_point_id, message_id);
  CREATE INDEX frames_call ON frames(call_frame_id);
  CREATE INDEX frames_event ON frames(event_id) WHERE event_id IS NOT NULL;

  CREATE TABLE meter_samples (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    charge_point_id TEXT NOT NULL REFERENCES charge_points(id) ON DELETE CASCADE,
    connector_id INTEGER NOT NULL,
    transaction_id INTEGER,                   -- null for samples outside a transaction
    timestamp TEXT NOT NULL, ts_ms INTEGER NOT NULL,
    value TEXT NOT NULL,
    numeric_value REAL,
    measurand TEXT NOT NULL, phase TEXT, unit TEXT NOT NULL, context TEXT NOT NULL,
    location TEXT NOT NULL, format TEXT NOT NULL,
    source TEXT NOT NULL,                     -- MeterValues | StopTransaction
    frame_id INTEGER
  );
  CREATE INDEX meter_samples_tx ON meter_samples(transaction_id, ts_ms);
  CREATE INDEX meter_samples_conn ON meter_samples(charge_point_id, connector_id, ts_ms);

  CREATE TABLE connection_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT,
    charge_point_id TEXT NOT NULL,
    kind TEXT NOT NULL,                       -- connect | disconnect | offline
    edge_id TEXT, connection_id TEXT,
    at TEXT NOT NULL,
    detail TEXT
  );
  CREATE INDEX connection_events_cp ON connection_events(charge_point_id, id);
  CREATE INDEX connection_events_event ON connection_events(event_id);
  `,
  /* 2: the message log's "errors only" filters — CALLERRORs and bad frames are rare, so a partial index
        (its predicate must match PROBLEMS in messageLogQuery.ts for SQLite to use it) */ `
  CREATE INDEX IF NOT EXISTS frames_problems ON frames(id)
    WHERE (message_type = 'CALLERROR' OR message_type IS NULL OR valid = 0);
  `,
  /* 3: transactions keep the truth — orphan cleanup's provisional close is kept apart from the charger's own
        StopTransaction (which wins when it arrives later), every StopTransaction received is recorded, and a
        retried StartTransaction is found by its identity (charger, connector, started_at) */ `
  ALTER TABLE transactions ADD COLUMN cleanup_at TEXT;                 -- server time orphan cleanup closed it (null: never)
  ALTER TABLE transactions ADD COLUMN cleanup_reason TEXT;             -- why, in words
  ALTER TABLE transactions ADD COLUMN cleanup_by_transaction_id INTEGER; -- the new transaction whose start closed it
  ALTER TABLE transactions ADD COLUMN cleanup_meter_stop INTEGER;      -- cleanup's meter reading (last sample, else meterStart)
  ALTER TABLE transactions ADD COLUMN cleanup_stopped_at TEXT;         -- cleanup's stop time (the new start's timestamp)
  ALTER TABLE transactions ADD COLUMN differing_stops INTEGER NOT NULL DEFAULT 0; -- later StopTransactions with other data
  CREATE INDEX transactions_start ON transactions(charge_point_id, connector_id, started_at);

  CREATE TABLE transaction_stops (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    transaction_id INTEGER NOT NULL REFERENCES transactions(id) ON DELETE CASCADE,
    frame_id INTEGER,                         -- the StopTransaction CALL frame
    received_at TEXT NOT NULL,                -- server time
    meter_stop INTEGER NOT NULL,
    stopped_at TEXT NOT NULL,                 -- the charger's timestamp
    reason TEXT,                              -- as sent (null: omitted, which means Local)
    id_tag TEXT,
    transaction_data TEXT,                    -- JSON, as sent
    fingerprint TEXT NOT NULL,                -- identical stops (a retry) have the same fingerprint
    outcome TEXT NOT NULL                     -- applied | afterCleanup | duplicate | differs
  );
  CREATE INDEX transaction_stops_tx ON transaction_stops(transaction_id, id);
  `,
  /* 4: wire time for server CALLs. A CALL is stored when it is queued, under a placeholder (negative) id that keeps
        it out of the log's history; when the edge writes it to the socket (or it fails without being sent) it
        moves to the next id, so id order is wire order and at/at_ms are the send time. queued_at_ms keeps when it
        was queued. Rows written before this migration get their times fixed (their ids stay where they are). */ `
  ALTER TABLE frames ADD COLUMN queued_at_ms INTEGER;
  UPDATE frames SET queued_at_ms = at_ms WHERE direction = 'out' AND message_type = 'CALL' AND state IS NOT NULL;
  UPDATE frames SET at_ms = sent_at_ms, at = strftime('%Y-%m-%dT%H:%M:%fZ', sent_at_ms / 1000.0, 'unixepoch')
    WHERE direction = 'out' AND message_type = 'CALL' AND sent_at_ms IS NOT NULL AND sent_at_ms <> at_ms;
  UPDATE frames SET state = 'failed' WHERE direction = 'out' AND message_type = 'CALL' AND state = 'queued';
  `,
  /* 5: cheaper frame inserts (every frame pays for every index on frames; issue 13). frames_msgid held every frame
        for one query, the latest server CALL to a charger with a message id (frames.findOutboundCall: late replies,
        callFailed): partial on outbound CALLs it holds only those. frames_call served "the reply of CALL x", which the
        CALL row's reply_frame_id answers by primary key (frames.replyTo) and, after a queued CALL moves to the wire, its reply is found by the moved row's reply_frame_id. Plans checked in frameIndexes.test.ts. */ `
  DROP INDEX IF EXISTS frames_msgid;
  CREATE INDEX IF NOT EXISTS frames_out_calls ON frames(charge_point_id, message_id) WHERE direction = 'out' AND message_type = 'CALL';
  DROP INDEX IF EXISTS frames_call;
  `,
  /* 6: the operator console. The registry lives on charge_points (operator-added entries, Basic-auth password hash,
        notes, expected identity, per-charger boot answer; a removed charger keeping its history is hidden, not
        deleted). Reservations get their ids from this table (the central system allocates them). Charging
        profiles sent (with the charger's answer) and the saved-profile library. The answer to each key's last
        ChangeConfiguration. Transactions closed as stale by the operator. */ `
  ALTER TABLE charge_points ADD COLUMN registered_at TEXT;        -- added by the operator (null: first seen on its own)
  ALTER TABLE charge_points ADD COLUMN notes TEXT;
  ALTER TABLE charge_points ADD COLUMN expected_vendor TEXT;
  ALTER TABLE charge_points ADD COLUMN expected_model TEXT;
  ALTER TABLE charge_points ADD COLUMN password_hash TEXT;        -- scrypt (core/edge/passwords.ts), security profile 1
  ALTER TABLE charge_points ADD COLUMN boot_policy TEXT;          -- Accepted | Pending | Rejected; null: the bench's policy
  ALTER TABLE charge_points ADD COLUMN removed_at TEXT;           -- removed with its history kept: out of lists, unknown to the edge
  ALTER TABLE charge_points ADD COLUMN configuration_read_at TEXT; -- when a GetConfiguration answer was last stored
  ALTER TABLE charge_points ADD COLUMN configuration_unknown_keys TEXT; -- JSON: keys the last GetConfiguration did not know

  ALTER TABLE transactions ADD COLUMN stale_at TEXT;              -- closed by the operator as stale (server time)
  ALTER TABLE transactions ADD COLUMN stale_note TEXT;
  ALTER TABLE transactions ADD COLUMN stale_meter_stop INTEGER;

  CREATE TABLE reservations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,   -- the reservationId sent in ReserveNow
    charge_point_id TEXT NOT NULL,
    connector_id INTEGER NOT NULL,
    id_tag TEXT NOT NULL,
    parent_id_tag TEXT,
    expiry_date TEXT NOT NULL, expiry_ms INTEGER NOT NULL,
    state TEXT NOT NULL,                    -- Requested | Reserved | Rejected | Failed | Cancelled | Expired | Used
    charger_status TEXT,                    -- the ReserveNow answer, or the error code
    transaction_id INTEGER,
    note TEXT,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL
  );
  CREATE INDEX reservations_cp ON reservations(charge_point_id, id);
  CREATE INDEX reservations_open ON reservations(expiry_ms) WHERE state = 'Reserved';

  CREATE TABLE charging_profiles_sent (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    charge_point_id TEXT NOT NULL,
    connector_id INTEGER NOT NULL,
    message_id TEXT NOT NULL,               -- the SetChargingProfile CALL
    charging_profile_id INTEGER NOT NULL,
    stack_level INTEGER NOT NULL,
    purpose TEXT NOT NULL,
    kind TEXT NOT NULL,
    transaction_id INTEGER,
    profile TEXT NOT NULL,                  -- JSON csChargingProfiles as sent
    library_name TEXT,
    sent_at TEXT NOT NULL,
    status TEXT NOT NULL,                   -- Accepted | Rejected | NotSupported | CALLERROR code | timeout | failed
    answered_at TEXT,
    ended_at TEXT, ended_by TEXT            -- replaced / cleared (in words); null while installed
  );
  CREATE INDEX charging_profiles_cp ON charging_profiles_sent(charge_point_id, id);
  CREATE UNIQUE INDEX charging_profiles_call ON charging_profiles_sent(charge_point_id, message_id);

  CREATE TABLE charging_profile_library (
    name TEXT PRIMARY KEY,
    description TEXT NOT NULL DEFAULT '',
    profile TEXT NOT NULL,                  -- JSON csChargingProfiles
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL
  );

  CREATE TABLE configuration_changes (
    charge_point_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,                    -- the value sent
    status TEXT NOT NULL,                   -- the charger's answer, or the error code / timeout
    at TEXT NOT NULL,
    PRIMARY KEY (charge_point_id, key)
  );
  `,
  /* 7: the OCPP version. A charge point's is that of its (last) connection, negotiated at the edge (ocpp1.6 for a
        charger offering no subprotocol unless pinned); every frame records the version of the connection it
        travelled on (a server CALL: its charger's), so both versions share one frames table. Everything before
        this migration spoke ocpp1.6, which the defaults give the old rows without rewriting them. */ `
  ALTER TABLE charge_points ADD COLUMN protocol TEXT NOT NULL DEFAULT 'ocpp1.6';
  ALTER TABLE frames ADD COLUMN protocol TEXT NOT NULL DEFAULT 'ocpp1.6';
  `,
  /* 8: the OCPP 2.0.1 central system. One transactions table for both versions: the version recorded, a 2.0.1
        charger's own (string) transactionId beside our integer id, connector_id holding the EVSE id (evse_connector_id
        the connector within it), the last chargingState / triggerReason and the highest seqNo seen; every
        TransactionEvent received is a transaction_events row (seqNo order, offline flag, outcome). The charger's
        device model (NotifyReport) and what it reports on its own (NotifyEvent, SecurityEventNotification, firmware /
        log / reservation status) are kept per charger. */ `
  ALTER TABLE transactions ADD COLUMN protocol TEXT NOT NULL DEFAULT 'ocpp1.6';
  ALTER TABLE transactions ADD COLUMN charger_transaction_id TEXT;   -- 2.0.1: the charger's transactionId
  ALTER TABLE transactions ADD COLUMN evse_connector_id INTEGER;     -- 2.0.1: the connector within the EVSE (connector_id = evseId)
  ALTER TABLE transactions ADD COLUMN charging_state TEXT;           -- 2.0.1: the chargingState of the highest seqNo seen
  ALTER TABLE transactions ADD COLUMN last_trigger_reason TEXT;      -- 2.0.1: the triggerReason of the highest seqNo seen
  ALTER TABLE transactions ADD COLUMN last_seq_no INTEGER;           -- 2.0.1: the highest seqNo seen
  ALTER TABLE transactions ADD COLUMN meter_start_known INTEGER NOT NULL DEFAULT 1; -- 0: no energy reading yet (meter_start provisional)
  CREATE UNIQUE INDEX transactions_charger_tx ON transactions(charge_point_id, charger_transaction_id) WHERE charger_transaction_id IS NOT NULL;

  CREATE TABLE transaction_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    transaction_id INTEGER NOT NULL REFERENCES transactions(id) ON DELETE CASCADE,
    frame_id INTEGER,
    seq_no INTEGER NOT NULL,
    event_type TEXT NOT NULL,                 -- Started | Updated | Ended
    trigger_reason TEXT NOT NULL,
    timestamp TEXT NOT NULL,                  -- the charger's
    offline INTEGER NOT NULL,                 -- 1: it happened while the charger was offline
    charging_state TEXT,
    id_token TEXT,
    received_at TEXT NOT NULL,                -- server time
    outcome TEXT NOT NULL                     -- applied | late (a lower seqNo than one seen) | duplicate (same seqNo again)
  );
  CREATE INDEX transaction_events_tx ON transaction_events(transaction_id, seq_no);

  ALTER TABLE connectors ADD COLUMN evse_connector_id INTEGER;       -- 2.0.1: the connector within the EVSE last reported

  CREATE TABLE device_model (
    charge_point_id TEXT NOT NULL,
    component TEXT NOT NULL, component_instance TEXT NOT NULL DEFAULT '',
    evse_id INTEGER NOT NULL DEFAULT -1, evse_connector_id INTEGER NOT NULL DEFAULT -1, -- -1: not per EVSE / connector
    variable TEXT NOT NULL, variable_instance TEXT NOT NULL DEFAULT '',
    attributes TEXT NOT NULL,                 -- JSON: variableAttribute[] as reported
    characteristics TEXT,                     -- JSON: variableCharacteristics as reported
    request_id INTEGER NOT NULL,              -- the GetBaseReport / GetReport it answered
    reported_at TEXT NOT NULL,                -- the report's generatedAt
    PRIMARY KEY (charge_point_id, component, component_instance, evse_id, evse_connector_id, variable, variable_instance)
  );

  CREATE TABLE charger_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    charge_point_id TEXT NOT NULL,
    kind TEXT NOT NULL,                       -- NotifyEvent | SecurityEvent | FirmwareStatus | LogStatus | ReservationStatus | EVChargingNeeds
    type TEXT NOT NULL,                       -- the event's own kind: trigger, security event type, status
    at TEXT NOT NULL,                         -- the charger's timestamp (else server time)
    detail TEXT NOT NULL,                     -- JSON, as sent
    frame_id INTEGER,
    received_at TEXT NOT NULL
  );
  CREATE INDEX charger_events_cp ON charger_events(charge_point_id, kind, id);
  `,
  /* 9: the frames' time index is per second, not per frame (issue 13): every frame paid for two time indexes
        (frames_cp_at, frames_at), the per-charger one a random B-tree position per insert. frame_seconds holds, for
        each second that has frames, the lowest and highest id of a frame whose at_ms falls in it, kept by the two
        triggers whenever a frame with a positive id gets or changes its at_ms (placeholders of queued CALLs, id < 0,
        are not in the history, nor in this index). A time range becomes an id range (core/store/frameSeconds.ts) walked along
        the id-ordered index the rest of the filter uses; exact whatever the clocks did, since the range holds
        every frame of each second in it. Plans checked in messageLogQuery.test.ts and queryPlans.test.ts. */ `
  CREATE TABLE frame_seconds (
    at_second INTEGER PRIMARY KEY,          -- CAST(at_ms / 1000 AS INTEGER): truncated like Math.trunc
    min_id INTEGER NOT NULL,
    max_id INTEGER NOT NULL
  );
  INSERT INTO frame_seconds (at_second, min_id, max_id)
    SELECT CAST(at_ms / 1000 AS INTEGER), MIN(id), MAX(id) FROM frames WHERE id > 0 GROUP BY CAST(at_ms / 1000 AS INTEGER);
  CREATE TRIGGER frame_seconds_on_insert AFTER INSERT ON frames WHEN NEW.id > 0 BEGIN
    ${FRAME_SECOND_WIDENS}
  END;
  CREATE TRIGGER frame_seconds_on_time_change AFTER UPDATE OF at_ms ON frames WHEN NEW.id > 0 BEGIN
    ${FRAME_SECOND_WIDENS}
  END;
  DROP INDEX IF EXISTS frames_cp_at;
  DROP INDEX IF EXISTS frames_at;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Applies the migrations the database lacks (up to `target`, default all: tests build older databases with it). */
export function migrate(db: Database, target: number = MIGRATIONS.length): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `The database was written by a newer ChargeBench (schema ${current}, this version knows ${MIGRATIONS.length}). Upgrade ChargeBench or use another --data-dir.`,
    );
  }
  for (let v = current; v < Math.min(target, MIGRATIONS.length); v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
