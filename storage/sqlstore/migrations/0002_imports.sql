-- Schema version 2: import history, undo information and saved mappings.

-- One row per import (created in the same transaction as its records).
ALTER TABLE imports ADD COLUMN file_size INTEGER NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE imports ADD COLUMN source TEXT NOT NULL DEFAULT '{}';   -- JSON: encoding, delimiter, sheet, header line
ALTER TABLE imports ADD COLUMN mapping TEXT NOT NULL DEFAULT '{}';  -- JSON: column → field
ALTER TABLE imports ADD COLUMN options TEXT NOT NULL DEFAULT '{}';  -- JSON: duplicate decision, region...
ALTER TABLE imports ADD COLUMN result TEXT NOT NULL DEFAULT '{}';   -- JSON: rows, created, updated, skipped, failed...
ALTER TABLE imports ADD COLUMN finished_at TEXT;
ALTER TABLE imports ADD COLUMN undone_at TEXT;

-- What an import changed, for undo: every record it updated with the
-- record's values before (JSON), and the updated_at it left behind (a
-- different updated_at later means someone edited the record since).
CREATE TABLE import_changes (
    import_id   INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    record_type TEXT NOT NULL CHECK (record_type IN ('person', 'company', 'deal')),
    record_id   INTEGER NOT NULL,
    before      TEXT NOT NULL CHECK (json_valid(before)),
    after_updated_at TEXT NOT NULL,
    PRIMARY KEY (import_id, record_type, record_id)
) WITHOUT ROWID;

-- Saved column mappings, offered again for files with the same headers.
CREATE TABLE import_presets (
    name         TEXT PRIMARY KEY,
    record_type  TEXT NOT NULL CHECK (record_type IN ('person', 'company', 'deal')),
    signature    TEXT NOT NULL,  -- hash of the normalised header set
    mapping      TEXT NOT NULL CHECK (json_valid(mapping)),
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    last_used_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX import_presets_signature ON import_presets (signature, last_used_at);
