-- The input fields each task type reads, as its runners announce them when they ask for work.
-- A submitted root task whose JSON input has a field no runner of its type reads is refused at
-- submission instead of failing when it runs. The fields are the union over the runners that
-- announced the type (a field any of them reads is accepted); types no runner announced yet are
-- not checked.

CREATE TABLE task_inputs (
  cluster text NOT NULL,
  name text NOT NULL,
  major integer NOT NULL,
  minor integer NOT NULL,
  fields text[] NOT NULL,
  announced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cluster, name, major, minor)
);
