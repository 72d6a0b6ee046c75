-- Datasets, collections and datapoints.
-- Datapoints use a compact layout: key columns plus one encoded payload (see RowCodec),
-- because reading few wide values is several times faster than many typed columns.

CREATE TABLE datasets (
  id          bigserial PRIMARY KEY,
  slug        text        NOT NULL UNIQUE,
  kind        smallint    NOT NULL,
  description text        NOT NULL DEFAULT '',
  fields      jsonb       NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE collections (
  id          bigserial PRIMARY KEY,
  dataset_id  bigint      NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  name        text        NOT NULL,
  description text        NOT NULL DEFAULT '',
  count       bigint      NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (dataset_id, name)
);

-- id is time-ordered (first 48 bits = time in ms), so the primary key serves time ranges too.
CREATE TABLE datapoints (
  collection_id bigint           NOT NULL,
  id            uuid             NOT NULL,
  time_us       bigint           NOT NULL,
  ingestion_us  bigint           NOT NULL,
  west          double precision,
  south         double precision,
  east          double precision,
  north         double precision,
  payload       bytea            NOT NULL,
  PRIMARY KEY (collection_id, id)
);
