-- Schema version 3: read-only views in the shape of Kontor's JSON output.
--
-- people_view, companies_view and deals_view have one row per record and
-- the columns (names, order and values) of the objects that
-- `kontor people|companies|deals list --json` prints, so SQL users and JSON
-- users see one shape:
--  * lists (emails, phones) are JSON arrays and maps (tax_ids, custom) JSON
--    objects, as text: read them with json_each / json_extract;
--  * phones are shown in E.164 form when Kontor understood them
--    (+48600100200), else as written;
--  * amount is a decimal string in the currency's units ("12500.00",
--    "1500" for JPY, "1.250" for KWD), never a float;
--  * company, person and stage are the linked records' names, '' when
--    unlinked; a person's name is "First Last", or surname first without a
--    space when both parts are Chinese (or Japanese, Korean) characters.
-- The views use only SQL that SQLite 3.38 and later understand (JSON1
-- built in), so older sqlite3 shells and drivers can still open the file.
-- They are read-only: write to the tables (see SCHEMA.md).

CREATE VIEW people_view AS
SELECT
    p.id,
    p.first_name,
    p.last_name,
    (SELECT json_group_array(e.email) FROM (
        SELECT p.email AS email, 0 AS position WHERE p.email <> ''
        UNION ALL
        SELECT pe.email, pe.position FROM person_emails pe WHERE pe.person_id = p.id
        ORDER BY 2) AS e) AS emails,
    (SELECT json_group_array(ph.phone) FROM (
        SELECT CASE WHEN p.phone_e164 <> '' THEN p.phone_e164 ELSE p.phone END AS phone, 0 AS position
        WHERE p.phone <> '' OR p.phone_e164 <> ''
        UNION ALL
        SELECT CASE WHEN pp.e164 <> '' THEN pp.e164 ELSE pp.phone END, pp.position FROM person_phones pp WHERE pp.person_id = p.id
        ORDER BY 2) AS ph) AS phones,
    p.title,
    p.company_id,
    coalesce(c.name, '') AS company,
    p.street,
    p.city,
    p.postal_code,
    p.region,
    p.country,
    p.birthday,
    p.notes,
    p.source_id,
    p.import_id,
    p.created_at,
    p.updated_at,
    json(p.custom) AS custom
FROM people p
LEFT JOIN companies c ON c.id = p.company_id;

CREATE VIEW companies_view AS
SELECT
    c.id,
    c.name,
    c.domain,
    c.website,
    (SELECT json_group_object(t.kind, t.value) FROM (
        SELECT kind, min(value) AS value FROM company_tax_ids WHERE company_id = c.id GROUP BY kind ORDER BY kind) AS t) AS tax_ids,
    CASE WHEN c.phone_e164 <> '' THEN c.phone_e164 ELSE c.phone END AS phone,
    c.email,
    c.street,
    c.city,
    c.postal_code,
    c.region,
    c.country,
    c.industry,
    c.employees,
    c.notes,
    c.source_id,
    c.import_id,
    c.created_at,
    c.updated_at,
    json(c.custom) AS custom
FROM companies c;

-- The GLOB class below is every character Kontor counts as Chinese,
-- Japanese or Korean (Go's unicode.Han, Hiragana, Katakana and Hangul
-- tables from U+2E80 up); a name part that has no other character is
-- written surname first without a space.
CREATE VIEW deals_view AS
SELECT
    d.id,
    d.title,
    d.company_id,
    coalesce(c.name, '') AS company,
    d.person_id,
    CASE
        WHEN p.id IS NULL THEN ''
        WHEN p.first_name = '' THEN p.last_name
        WHEN p.last_name = '' THEN p.first_name
        WHEN p.first_name NOT GLOB '*[^⺀-⺙⺛-⻳⼀-⿕々〇〡-〩〮-〯〸-〻ぁ-ゖゝ-ゟァ-ヺヽ-ヿㄱ-ㆎㇰ-㈞㉠-㉾㋐-㋾㌀-㍗㐀-䶿一-鿿ꥠ-ꥼ가-힣ힰ-ퟆퟋ-ퟻ豈-舘並-龎ｦ-ｯｱ-ﾝﾠ-ﾾￂ-ￇￊ-ￏￒ-ￗￚ-ￜ𖿢-𖿣𖿰-𖿱𚿰-𚿳𚿵-𚿻𚿽-𚿾𛀀-𛄢𛄲𛅐-𛅒𛅕𛅤-𛅧🈀𠀀-𪛟𪜀-𫜹𫝀-𫠝𫠠-𬺡𬺰-𮯠丽-𪘀𰀀-𱍊𱍐-𲎯]*'
         AND p.last_name NOT GLOB '*[^⺀-⺙⺛-⻳⼀-⿕々〇〡-〩〮-〯〸-〻ぁ-ゖゝ-ゟァ-ヺヽ-ヿㄱ-ㆎㇰ-㈞㉠-㉾㋐-㋾㌀-㍗㐀-䶿一-鿿ꥠ-ꥼ가-힣ힰ-ퟆퟋ-ퟻ豈-舘並-龎ｦ-ｯｱ-ﾝﾠ-ﾾￂ-ￇￊ-ￏￒ-ￗￚ-ￜ𖿢-𖿣𖿰-𖿱𚿰-𚿳𚿵-𚿻𚿽-𚿾𛀀-𛄢𛄲𛅐-𛅒𛅕𛅤-𛅧🈀𠀀-𪛟𪜀-𫜹𫝀-𫠝𫠠-𬺡𬺰-𮯠丽-𪘀𰀀-𱍊𱍐-𲎯]*'
            THEN p.last_name || p.first_name
        ELSE p.first_name || ' ' || p.last_name
    END AS person,
    coalesce(s.name, '') AS stage,
    CASE
        WHEN d.amount_minor IS NULL THEN NULL
        WHEN d.currency IN ('BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF')
            THEN CAST(d.amount_minor AS TEXT)
        WHEN d.currency IN ('BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND')
            THEN CASE WHEN d.amount_minor < 0 THEN '-' ELSE '' END
                 || (abs(d.amount_minor) / 1000) || '.' || substr('000' || (abs(d.amount_minor) % 1000), -3)
        ELSE CASE WHEN d.amount_minor < 0 THEN '-' ELSE '' END
             || (abs(d.amount_minor) / 100) || '.' || substr('00' || (abs(d.amount_minor) % 100), -2)
    END AS amount,
    coalesce(d.currency, '') AS currency,
    d.close_date,
    d.probability,
    d.notes,
    d.source_id,
    d.import_id,
    d.created_at,
    d.updated_at,
    json(d.custom) AS custom
FROM deals d
LEFT JOIN companies c ON c.id = d.company_id
LEFT JOIN people p ON p.id = d.person_id
LEFT JOIN stages s ON s.id = d.stage_id;
