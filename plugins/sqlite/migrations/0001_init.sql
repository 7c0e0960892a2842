-- Records: one row per (kind, id). t is the record time in Unix microseconds
-- (0 for none); attrs holds the indexed attributes in the compact encoding of
-- encodeAttrs, so a read needs no join.
CREATE TABLE records (
    kind    TEXT    NOT NULL,
    id      TEXT    NOT NULL,
    version INTEGER NOT NULL,
    t       INTEGER NOT NULL,
    attrs   BLOB    NOT NULL,
    body    BLOB    NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE INDEX records_kind_t_id ON records (kind, t, id);

-- Indexed attributes for equality filters: one b-tree keyed for lookups.
-- A rewrite finds the rows to replace from records.attrs, so no second
-- index by (kind, id) is needed.
CREATE TABLE attrs (
    kind  TEXT NOT NULL,
    name  TEXT NOT NULL,
    value TEXT NOT NULL,
    id    TEXT NOT NULL,
    PRIMARY KEY (kind, name, value, id)
) WITHOUT ROWID;

-- The hash-chained audit log (see driver.AuditHash).
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    t         INTEGER NOT NULL,
    actor     TEXT    NOT NULL,
    action    TEXT    NOT NULL,
    reason    TEXT    NOT NULL,
    changes   BLOB    NOT NULL,
    prev_hash BLOB    NOT NULL,
    hash      BLOB    NOT NULL
);
