/**
 * Versioned schema of the cohort store. Append a migration, never edit one that has shipped: a user's
 * database records which versions it has, and each runs once, inside its own transaction.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'cohorts, ECG files, predictions, labels, overreads, append-only audit log',
    sql: `
CREATE TABLE cohorts (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  model_id TEXT,             -- the model whose predictions the cohort shows (last scoring run)
  model_version TEXT,
  created_at TEXT NOT NULL
);

-- One row per distinct file content in a cohort. accession and patient_id are PHI: never logged,
-- dropped or hashed on de-identified export.
CREATE TABLE ecg_files (
  id INTEGER PRIMARY KEY,
  cohort_id INTEGER NOT NULL REFERENCES cohorts(id),
  sha256 TEXT NOT NULL,
  path TEXT NOT NULL,
  file_name TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  accession TEXT,            -- PHI
  patient_id TEXT,           -- PHI
  acquisition_time TEXT,
  format TEXT,
  sample_rate_hz REAL,
  leads TEXT,
  duration_s REAL,
  error_code TEXT,
  error_message TEXT,
  label_id INTEGER REFERENCES labels(id),
  label_join TEXT,
  added_at TEXT NOT NULL,
  UNIQUE (cohort_id, sha256)
);
CREATE INDEX ecg_files_sha ON ecg_files(sha256);

-- Keyed by content and model version: a re-run (or a run after a crash) skips what is already here.
CREATE TABLE predictions (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL,
  model_id TEXT NOT NULL,
  model_version TEXT NOT NULL,
  execution_provider TEXT NOT NULL,
  window_start_s REAL NOT NULL,
  window_duration_s REAL NOT NULL,
  window_padded_s REAL NOT NULL,
  primary_head TEXT,
  risk REAL,                 -- primary (first logistic) head's probability
  risk_low REAL,
  risk_high REAL,
  risk_threshold REAL,
  risk_call TEXT,
  queue TEXT NOT NULL CHECK (queue IN ('positive', 'uncertain', 'negative')),
  uncertainty_score REAL NOT NULL,
  uncertainty_percentile REAL NOT NULL,
  uncertainty_level TEXT NOT NULL,
  abstain INTEGER NOT NULL,
  heads_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (sha256, model_id, model_version)
);

CREATE TABLE prediction_heads (
  prediction_id INTEGER NOT NULL REFERENCES predictions(id),
  head TEXT NOT NULL,
  label TEXT NOT NULL,
  kind TEXT NOT NULL,
  value REAL NOT NULL,
  unit TEXT,
  interval_low REAL NOT NULL,
  interval_high REAL NOT NULL,
  interval_level REAL NOT NULL,
  threshold REAL NOT NULL,
  call TEXT NOT NULL,
  PRIMARY KEY (prediction_id, head)
);

-- Files that could not be scored by a model version (unreadable, missing leads, too short).
CREATE TABLE scoring_errors (
  sha256 TEXT NOT NULL,
  model_id TEXT NOT NULL,
  model_version TEXT NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (sha256, model_id, model_version)
);

CREATE TABLE labels (
  id INTEGER PRIMARY KEY,
  cohort_id INTEGER NOT NULL REFERENCES cohorts(id),
  row_number INTEGER NOT NULL,
  file_name TEXT,
  accession TEXT,            -- PHI
  patient_id TEXT,           -- PHI
  echo_date TEXT,
  lvef REAL,
  positive INTEGER,
  source TEXT NOT NULL,
  imported_at TEXT NOT NULL
);
CREATE INDEX labels_file ON labels(cohort_id, file_name);
CREATE INDEX labels_accession ON labels(cohort_id, accession);
CREATE INDEX labels_patient ON labels(cohort_id, patient_id);
CREATE INDEX ecg_files_label ON ecg_files(label_id);

CREATE TABLE overreads (
  id INTEGER PRIMARY KEY,
  ecg_file_id INTEGER NOT NULL REFERENCES ecg_files(id),
  reviewer TEXT NOT NULL,
  verdict TEXT NOT NULL CHECK (verdict IN ('agree', 'disagree', 'unsure')),
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX overreads_file ON overreads(ecg_file_id);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT,
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
`,
  },
  {
    version: 2,
    description: 'embeddings of scored ECGs (site adaptation, issue 16); every numeric label column',
    sql: `
-- The Gaussian embedding of each scored ECG, keyed like its prediction (content + model id + version), so a
-- site adaptation reads what scoring computed and never rescores. mean and logvar are float32 little-endian,
-- dim values each; dim is 0 for a model that returns no embedding. A prediction stored before this migration
-- has no row here: scoring treats it as not done, so a re-run (or the rescore offer) adds its embedding.
CREATE TABLE embeddings (
  sha256 TEXT NOT NULL,
  model_id TEXT NOT NULL,
  model_version TEXT NOT NULL,
  dim INTEGER NOT NULL,
  mean BLOB NOT NULL,
  logvar BLOB NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (sha256, model_id, model_version)
);

-- Every other numeric column of a labels sheet (lvedv, lvesv, lvsv, a site's own columns), as a JSON object
-- of column name -> number: the adaptation's targets.
ALTER TABLE labels ADD COLUMN values_json TEXT;
`,
  },
  {
    version: 3,
    description: 'archive scoring: database identity, shard of a partitioned run, shards merged here, audit origin',
    sql: `
-- One row: a random id for this database file, so a merge recognises a shard it has already taken in.
CREATE TABLE database_info (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  uid TEXT NOT NULL,
  created_at TEXT NOT NULL
);
INSERT INTO database_info (id, uid, created_at) VALUES (1, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

-- One row when this database holds one part of a content-hash partitioned scoring (cohort score --shard K/N).
CREATE TABLE shard_info (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  shard_index INTEGER NOT NULL,   -- 0-based
  shard_count INTEGER NOT NULL,
  partition TEXT NOT NULL,        -- how files are assigned: 'sha256-prefix-mod'
  model_id TEXT NOT NULL,
  model_version TEXT NOT NULL,
  model_sha256 TEXT,              -- the pack's network file
  created_at TEXT NOT NULL
);

-- Shard databases merged into this one (cohort merge): what came from each, and how far its audit log was copied.
CREATE TABLE merged_shards (
  db_uid TEXT PRIMARY KEY,
  source_name TEXT NOT NULL,      -- file name only (paths can name a patient folder)
  shard_index INTEGER,
  shard_count INTEGER,
  model_id TEXT NOT NULL,
  model_version TEXT NOT NULL,
  model_sha256 TEXT,
  audit_through INTEGER NOT NULL, -- last audit_log id of the shard copied here
  first_merged_at TEXT NOT NULL,
  last_merged_at TEXT NOT NULL
);

-- NULL: written in this database; otherwise the shard database an entry was merged from.
ALTER TABLE audit_log ADD COLUMN origin TEXT;
`,
  },
  {
    version: 4,
    description: 'worklist: a negative call with high uncertainty is queued as uncertain, never confident negative',
    sql: `
-- queueOf() (prediction-row.ts) applies the rule to new predictions; this re-queues those stored before it.
UPDATE predictions SET queue = 'uncertain' WHERE queue = 'negative' AND uncertainty_level <> 'low';
`,
  },
];
