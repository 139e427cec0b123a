-- Schema version 4: the search indexes gain a prefix index for one letter.
--
-- A one-letter filter ("k") had no prefix index: FTS5 merged the lists of
-- every word starting with that letter before returning the first match
-- (60-90 ms on a million people, on each keystroke). With prefix '1' the
-- merged list is stored, read lazily as far as a query needs. The index
-- grows by about a sixth. The tables are rebuilt from search_text; the
-- triggers on the record tables refer to them by name and keep working.
-- Each rebuild writes its segments unmerged and merges them once at the end
-- (as the bulk loader does, see rebuildFTS), then restores FTS5's default
-- merge settings.
DROP TABLE people_fts;
CREATE VIRTUAL TABLE people_fts USING fts5(search_text, content='people', content_rowid='id',
    tokenize='ascii', prefix='1 2 3', detail='none', columnsize=0);
INSERT INTO people_fts (people_fts, rank) VALUES ('automerge', 0);
INSERT INTO people_fts (people_fts, rank) VALUES ('crisismerge', 1999);
INSERT INTO people_fts (people_fts) VALUES ('rebuild');
INSERT INTO people_fts (people_fts) VALUES ('optimize');
INSERT INTO people_fts (people_fts, rank) VALUES ('automerge', 4);
INSERT INTO people_fts (people_fts, rank) VALUES ('crisismerge', 16);

DROP TABLE companies_fts;
CREATE VIRTUAL TABLE companies_fts USING fts5(search_text, content='companies', content_rowid='id',
    tokenize='ascii', prefix='1 2 3', detail='none', columnsize=0);
INSERT INTO companies_fts (companies_fts, rank) VALUES ('automerge', 0);
INSERT INTO companies_fts (companies_fts, rank) VALUES ('crisismerge', 1999);
INSERT INTO companies_fts (companies_fts) VALUES ('rebuild');
INSERT INTO companies_fts (companies_fts) VALUES ('optimize');
INSERT INTO companies_fts (companies_fts, rank) VALUES ('automerge', 4);
INSERT INTO companies_fts (companies_fts, rank) VALUES ('crisismerge', 16);

DROP TABLE deals_fts;
CREATE VIRTUAL TABLE deals_fts USING fts5(search_text, content='deals', content_rowid='id',
    tokenize='ascii', prefix='1 2 3', detail='none', columnsize=0);
INSERT INTO deals_fts (deals_fts, rank) VALUES ('automerge', 0);
INSERT INTO deals_fts (deals_fts, rank) VALUES ('crisismerge', 1999);
INSERT INTO deals_fts (deals_fts) VALUES ('rebuild');
INSERT INTO deals_fts (deals_fts) VALUES ('optimize');
INSERT INTO deals_fts (deals_fts, rank) VALUES ('automerge', 4);
INSERT INTO deals_fts (deals_fts, rank) VALUES ('crisismerge', 16);
