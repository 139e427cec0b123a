-- Kontor data file, schema version 1.
--
-- This schema is a public interface: other programs may read and write
-- these tables. Conventions:
--  * Text columns are NOT NULL; the empty string means "not set".
--  * Numbers, dates and links are NULL when not set.
--  * Times are ISO 8601 UTC with milliseconds ("2024-03-14T09:12:44.000Z"),
--    dates are YYYY-MM-DD, money is integer minor units plus an ISO 4217
--    currency code (never a float).
--  * custom holds a JSON object of the record's custom field values, keyed
--    by custom_fields.key: numbers as JSON numbers, booleans as true/false,
--    dates and text as strings. Read it with json_extract(custom, '$.key').
--  * Columns under "derived" are computed by Kontor from the record's other
--    columns (folded for search and sorting in Go, because SQLite without
--    ICU folds ASCII only). A program that inserts a row, or changes a
--    column a derived value comes from, should set the derived columns to
--    NULL: Kontor recomputes NULL derived columns when it next opens the
--    file for writing. Until then such rows sort last and are not found by
--    search.
--  * Derived sort columns hold '' for records without a value; Kontor lists
--    those after all others in both directions, ordered by id.
--  * The *_fts tables index search_text and follow it through triggers.

CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    file_name   TEXT NOT NULL,
    record_type TEXT NOT NULL CHECK (record_type IN ('person', 'company', 'deal')),
    status      TEXT NOT NULL DEFAULT 'applied',
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- The deal pipeline, in order of position (1, 2, ...). Deals in a stage with
-- won = 1 or lost = 1 are closed.
CREATE TABLE stages (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE CHECK (name <> ''),
    position INTEGER NOT NULL,
    won      INTEGER NOT NULL DEFAULT 0 CHECK (won IN (0, 1)),
    lost     INTEGER NOT NULL DEFAULT 0 CHECK (lost IN (0, 1)),
    CHECK (NOT (won AND lost))
);
INSERT INTO stages (name, position, won, lost) VALUES
    ('Lead', 1, 0, 0),
    ('Qualified', 2, 0, 0),
    ('Proposal', 3, 0, 0),
    ('Negotiation', 4, 0, 0),
    ('Won', 5, 1, 0),
    ('Lost', 6, 0, 1);

-- User-defined fields; their values live in each record's custom column
-- under the field's key.
CREATE TABLE custom_fields (
    id          INTEGER PRIMARY KEY,
    record_type TEXT NOT NULL CHECK (record_type IN ('person', 'company', 'deal')),
    key         TEXT NOT NULL CHECK (key GLOB '[a-z]*' AND key NOT GLOB '*[^a-z0-9_]*'),
    label       TEXT NOT NULL,
    type        TEXT NOT NULL CHECK (type IN ('text', 'number', 'date', 'bool')),
    position    INTEGER NOT NULL,
    UNIQUE (record_type, key)
);

CREATE TABLE companies (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL CHECK (name <> ''),
    domain        TEXT NOT NULL DEFAULT '',  -- bare host, e.g. acme.pl
    website       TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',  -- as written
    phone_e164    TEXT NOT NULL DEFAULT '',  -- +48221002030; '' if not understood
    phone_label   TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    street        TEXT NOT NULL DEFAULT '',
    city          TEXT NOT NULL DEFAULT '',
    postal_code   TEXT NOT NULL DEFAULT '',
    region        TEXT NOT NULL DEFAULT '',
    country       TEXT NOT NULL DEFAULT '',
    industry      TEXT NOT NULL DEFAULT '',
    employees     INTEGER CHECK (employees >= 0),
    notes         TEXT NOT NULL DEFAULT '',
    custom        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(custom) AND json_type(custom) = 'object'),
    source_id     TEXT NOT NULL DEFAULT '',  -- the id in the system the record came from
    import_id     INTEGER REFERENCES imports (id) ON DELETE SET NULL,  -- the import that created it
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    -- derived
    name_key      TEXT,  -- name without legal form, folded: matching ("acme")
    sort_key      TEXT,  -- folded name: ordering
    city_sort     TEXT,  -- folded city
    industry_sort TEXT,  -- folded industry
    search_text   TEXT   -- folded words the search index holds
);

-- Tax and registry numbers (NIP, REGON, KRS, VAT, EIN, USCC...).
CREATE TABLE company_tax_ids (
    company_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,  -- upper case
    value      TEXT NOT NULL,  -- letters and digits only
    PRIMARY KEY (company_id, kind, value)
) WITHOUT ROWID;

CREATE TABLE people (
    id          INTEGER PRIMARY KEY,
    first_name  TEXT NOT NULL DEFAULT '',
    last_name   TEXT NOT NULL DEFAULT '',
    company_id  INTEGER REFERENCES companies (id),  -- no cascade: deleting a linked company is refused
    title       TEXT NOT NULL DEFAULT '',  -- job title
    email       TEXT NOT NULL DEFAULT '',  -- primary e-mail; more in person_emails
    email_label TEXT NOT NULL DEFAULT '',  -- work, home, other
    phone       TEXT NOT NULL DEFAULT '',  -- primary phone as written; more in person_phones
    phone_e164  TEXT NOT NULL DEFAULT '',  -- +48600100200; '' if not understood
    phone_label TEXT NOT NULL DEFAULT '',  -- work, mobile, home, fax, other
    street      TEXT NOT NULL DEFAULT '',
    city        TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    region      TEXT NOT NULL DEFAULT '',
    country     TEXT NOT NULL DEFAULT '',
    birthday    TEXT CHECK (birthday IS NULL OR birthday GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    notes       TEXT NOT NULL DEFAULT '',
    custom      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(custom) AND json_type(custom) = 'object'),
    source_id   TEXT NOT NULL DEFAULT '',
    import_id   INTEGER REFERENCES imports (id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    -- derived
    email_key   TEXT,  -- lower-cased primary e-mail: matching and ordering
    name_key    TEXT,  -- folded name words in sorted order: matching ("gorska zofia")
    sort_key    TEXT,  -- folded "last first": ordering ("gorska zofia")
    title_sort  TEXT,  -- folded job title
    search_text TEXT
);

-- E-mail addresses and phones after the primary ones (which live in the
-- people row), in the person's order: position 1 is the second address.
CREATE TABLE person_emails (
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    email     TEXT NOT NULL,
    label     TEXT NOT NULL DEFAULT '',
    email_key TEXT,  -- derived: lower-cased
    PRIMARY KEY (person_id, position)
) WITHOUT ROWID;

CREATE TABLE person_phones (
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    phone     TEXT NOT NULL,
    e164      TEXT NOT NULL DEFAULT '',
    label     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (person_id, position)
) WITHOUT ROWID;

CREATE TABLE deals (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL CHECK (title <> ''),
    company_id   INTEGER REFERENCES companies (id),
    person_id    INTEGER REFERENCES people (id),
    stage_id     INTEGER NOT NULL REFERENCES stages (id),
    amount_minor INTEGER,  -- amount in minor units (grosze, cents): 12500.00 PLN is 1250000
    currency     TEXT CHECK (currency IS NULL OR length(currency) = 3),
    close_date   TEXT CHECK (close_date IS NULL OR close_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    probability  INTEGER CHECK (probability BETWEEN 0 AND 100),  -- percent
    notes        TEXT NOT NULL DEFAULT '',
    custom       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(custom) AND json_type(custom) = 'object'),
    source_id    TEXT NOT NULL DEFAULT '',
    import_id    INTEGER REFERENCES imports (id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    -- derived
    title_key    TEXT,  -- folded title words joined by spaces: matching
    sort_key     TEXT,  -- folded title: ordering
    search_text  TEXT,  -- title, company name, person name
    CHECK ((amount_minor IS NULL) = (currency IS NULL))
);

-- Full-text search over search_text: external-content tables (the text
-- lives only in the record tables). search_text is already folded and split
-- into words by Kontor, so the plain ASCII tokenizer only splits it at the
-- spaces; only row ids are kept (detail=none), which is all that prefix
-- searches for every word need. Prefix indexes make 2- and 3-letter
-- prefixes fast.
CREATE VIRTUAL TABLE people_fts USING fts5(search_text, content='people', content_rowid='id',
    tokenize='ascii', prefix='2 3', detail='none', columnsize=0);
CREATE VIRTUAL TABLE companies_fts USING fts5(search_text, content='companies', content_rowid='id',
    tokenize='ascii', prefix='2 3', detail='none', columnsize=0);
CREATE VIRTUAL TABLE deals_fts USING fts5(search_text, content='deals', content_rowid='id',
    tokenize='ascii', prefix='2 3', detail='none', columnsize=0);

-- Indexes: matching (dedupe and linking), ordering (every list is keyset
-- paged by a sort column and then id, which SQLite appends to every index),
-- and relations.
CREATE INDEX companies_name_key ON companies (name_key);
CREATE INDEX companies_domain ON companies (domain) WHERE domain <> '';
CREATE INDEX companies_sort ON companies (sort_key);
CREATE INDEX companies_city ON companies (city_sort);
CREATE INDEX companies_industry ON companies (industry_sort);
CREATE INDEX companies_created ON companies (created_at);
CREATE INDEX companies_updated ON companies (updated_at);
CREATE INDEX companies_import ON companies (import_id) WHERE import_id IS NOT NULL;
CREATE INDEX company_tax_ids_value ON company_tax_ids (kind, value);

CREATE INDEX people_email_key ON people (email_key);
CREATE INDEX people_phone ON people (phone_e164) WHERE phone_e164 <> '';
CREATE INDEX people_name_key ON people (name_key, company_id);
CREATE INDEX people_company ON people (company_id, sort_key);
CREATE INDEX people_sort ON people (sort_key);
CREATE INDEX people_title ON people (title_sort);
CREATE INDEX people_created ON people (created_at);
CREATE INDEX people_updated ON people (updated_at);
CREATE INDEX people_import ON people (import_id) WHERE import_id IS NOT NULL;
CREATE INDEX person_emails_key ON person_emails (email_key);
CREATE INDEX person_phones_e164 ON person_phones (e164) WHERE e164 <> '';

CREATE INDEX deals_title_key ON deals (title_key);
CREATE INDEX deals_sort ON deals (sort_key);
CREATE INDEX deals_company ON deals (company_id);
CREATE INDEX deals_person ON deals (person_id);
CREATE INDEX deals_stage ON deals (stage_id);
CREATE INDEX deals_amount ON deals (amount_minor);
CREATE INDEX deals_close ON deals (close_date);
CREATE INDEX deals_created ON deals (created_at);
CREATE INDEX deals_updated ON deals (updated_at);
CREATE INDEX deals_import ON deals (import_id) WHERE import_id IS NOT NULL;

-- The search indexes follow search_text.
CREATE TRIGGER people_fts_insert AFTER INSERT ON people BEGIN
    INSERT INTO people_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER people_fts_delete AFTER DELETE ON people BEGIN
    INSERT INTO people_fts (people_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER people_fts_update AFTER UPDATE OF search_text ON people
WHEN old.search_text IS NOT new.search_text BEGIN
    INSERT INTO people_fts (people_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO people_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER companies_fts_insert AFTER INSERT ON companies BEGIN
    INSERT INTO companies_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER companies_fts_delete AFTER DELETE ON companies BEGIN
    INSERT INTO companies_fts (companies_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER companies_fts_update AFTER UPDATE OF search_text ON companies
WHEN old.search_text IS NOT new.search_text BEGIN
    INSERT INTO companies_fts (companies_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO companies_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER deals_fts_insert AFTER INSERT ON deals BEGIN
    INSERT INTO deals_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER deals_fts_delete AFTER DELETE ON deals BEGIN
    INSERT INTO deals_fts (deals_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER deals_fts_update AFTER UPDATE OF search_text ON deals
WHEN old.search_text IS NOT new.search_text BEGIN
    INSERT INTO deals_fts (deals_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO deals_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

-- Rows whose derived columns another program left NULL, for Kontor to fill
-- in when it opens the file; empty in normal use, so they cost nothing.
CREATE INDEX people_underived ON people (id)
    WHERE search_text IS NULL OR sort_key IS NULL OR name_key IS NULL OR email_key IS NULL OR title_sort IS NULL;
CREATE INDEX companies_underived ON companies (id)
    WHERE search_text IS NULL OR sort_key IS NULL OR name_key IS NULL OR city_sort IS NULL OR industry_sort IS NULL;
CREATE INDEX deals_underived ON deals (id)
    WHERE search_text IS NULL OR sort_key IS NULL OR title_key IS NULL;
CREATE INDEX person_emails_underived ON person_emails (person_id) WHERE email_key IS NULL;
