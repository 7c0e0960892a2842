-- Audit entry format and key (driver.AuditEntry.Format, KeyID): entries
-- written before this migration are format 1 (body digests, unkeyed
-- SHA-256 chain); the driver writes format 2 from now on. The head keeps
-- the last entry's key id, so a writer checks it under the head's lock.
ALTER TABLE audit ADD COLUMN format integer NOT NULL DEFAULT 1;
ALTER TABLE audit ADD COLUMN key_id text    NOT NULL DEFAULT '';
ALTER TABLE audit_head ADD COLUMN key_id text NOT NULL DEFAULT '';
