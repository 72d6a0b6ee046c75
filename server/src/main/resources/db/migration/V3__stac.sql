-- How datasets and collections appear in the STAC API.
--
-- datasets.stac_mapping: for a dataset made from STAC items, the StacMapping (original property
-- names, timestamp formats) that writes its datapoints back as the very same items; null for
-- datasets that did not come from STAC.
--
-- collections.stac_id: the STAC collection id, unique across the server. A new collection gets
-- '<dataset slug>.<collection name>'; a collection of a dataset made from STAC items gets its own
-- name (the original STAC collection id) when no other collection has that id yet. Lookups use
-- the stored id, never a parsed one, so a '-<n>' suffix settles the rare collisions.
--
-- collections.west/south/east/north: a box around every footprint ever stored in the collection
-- (widened on ingest, never shrunk), the spatial extent of the STAC collection.

ALTER TABLE datasets ADD COLUMN stac_mapping jsonb;

ALTER TABLE collections ADD COLUMN stac_id text;
ALTER TABLE collections ADD COLUMN west double precision;
ALTER TABLE collections ADD COLUMN south double precision;
ALTER TABLE collections ADD COLUMN east double precision;
ALTER TABLE collections ADD COLUMN north double precision;

WITH named AS (
  SELECT c.id, d.slug || '.' || c.name AS stac_id,
         row_number() OVER (PARTITION BY d.slug || '.' || c.name ORDER BY c.id) AS n
  FROM collections c JOIN datasets d ON d.id = c.dataset_id
)
UPDATE collections c SET stac_id = CASE WHEN named.n = 1 THEN named.stac_id ELSE named.stac_id || '-' || c.id END
FROM named WHERE named.id = c.id;

UPDATE collections c SET west = e.west, south = e.south, east = e.east, north = e.north
FROM (SELECT collection_id, min(west) AS west, min(south) AS south, max(east) AS east, max(north) AS north
      FROM datapoints GROUP BY collection_id) e
WHERE e.collection_id = c.id;

ALTER TABLE collections ALTER COLUMN stac_id SET NOT NULL;
CREATE UNIQUE INDEX collections_stac_id ON collections (stac_id);

-- The STAC item id of each datapoint of a dataset made from STAC items, so that
-- /collections/{c}/items/{item id} and ids= searches are index lookups. Written on ingest; when
-- the same item id is ingested again with other content, the latest datapoint wins.
CREATE TABLE stac_items (
  collection_id bigint NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
  stac_id       text   NOT NULL,
  id            uuid   NOT NULL,
  PRIMARY KEY (collection_id, stac_id)
);
