-- Audit entry format and key (driver.AuditEntry.Format, KeyID): entries
-- written before this migration are format 1 (body digests, unkeyed
-- SHA-256 chain); the driver writes format 2 from now on.
ALTER TABLE audit ADD COLUMN format INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit ADD COLUMN key_id TEXT    NOT NULL DEFAULT '';
