-- The scalar field values of each datapoint as typed arrays, so PostgreSQL evaluates field filters
-- (see docs/adr/0014-field-filters-in-sql.md). Filled at ingest; element k is schema field k - 1:
--   field_nums   int64, float64, bool (0/1) and timestamp (microseconds) fields as float8
--   field_texts  string fields (NUL becomes U+FFFD; text over 24 characters is U+FFFD alone)
-- Every other element is NULL. field_nums is never NULL for a row written since this migration (an
-- empty array when the schema has no such field): NULL marks a row written before, or rewritten
-- by a schema widening, which every field filter lets through to the exact test. No back-fill.
-- Adding nullable columns without a default rewrites nothing.
ALTER TABLE datapoints ADD COLUMN field_nums float8[], ADD COLUMN field_texts text[];
