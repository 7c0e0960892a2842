-- Records: one row per (kind, id). Kinds and ids compare byte-wise (COLLATE
-- "C"), so scans come in the same (time, id) order as every other driver.
-- t is the record time in Unix microseconds; the smallest bigint stands for
-- "no time", so such records sort first. attrs holds the indexed attributes.
CREATE TABLE records (
    kind    text COLLATE "C" NOT NULL,
    id      text COLLATE "C" NOT NULL,
    version bigint NOT NULL CHECK (version > 0),
    t       bigint NOT NULL,
    attrs   jsonb  NOT NULL DEFAULT '{}',
    body    bytea  NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE INDEX records_kind_t_id ON records (kind, t, id);
CREATE INDEX records_attrs ON records USING gin (attrs jsonb_path_ops);

-- The hash-chained audit log (see driver.AuditHash).
CREATE TABLE audit (
    seq       bigint PRIMARY KEY,
    t         bigint NOT NULL,
    actor     text   NOT NULL,
    action    text   NOT NULL,
    reason    text   NOT NULL,
    changes   jsonb  NOT NULL,
    prev_hash bytea  NOT NULL,
    hash      bytea  NOT NULL
);

-- The head of the audit chain: one row, locked FOR UPDATE by every write
-- transaction first, so writers in any number of processes append to the
-- chain one at a time and see each other's committed versions.
CREATE TABLE audit_head (
    one  boolean PRIMARY KEY DEFAULT true CHECK (one),
    seq  bigint NOT NULL,
    hash bytea  NOT NULL
);
INSERT INTO audit_head (seq, hash) VALUES (0, ''::bytea);
