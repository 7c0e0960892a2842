// Package postgres is relaciona's PostgreSQL store driver, for agencies
// that run several instances of their service against one database. It is
// built on jackc/pgx/v5 (pgxpool), pure Go.
//
// # Opening
//
// Register the driver by importing the package, then open it by URL; a
// password never appears in the URL, a YAML file or a log line:
//
//	postgres://?dsn_env=PG_DSN                  the DSN is read from $PG_DSN
//	postgres://?dsn_env=PG_DSN&schema=agency    ... and the tables live in schema "agency"
//	postgres://relaciona@db.internal:5432/agency?sslmode=require
//	                                            no password: pgx takes it from
//	                                            PGPASSWORD or ~/.pgpass
//
// A URL with a password is refused. Settings: dsn_env (name of the
// environment variable holding the DSN), schema (created if missing; the
// default is the DSN's search_path), max_conns (pool size). The same
// settings configure the plugin binary relaciona-store-postgres
// (plugin:///…/relaciona-store-postgres?dsn_env=PG_DSN).
//
// # Behaviour
//
// The schema is created and upgraded by versioned migrations embedded in
// the package, under an advisory lock, so several processes may start at
// once. Every write transaction first locks the single row at the head of
// the audit chain: writers in all processes append to the chain one at a
// time, each sees the versions the previous one committed, and a stale
// expected version fails the whole batch with driver.ErrConflict. Creates
// travel by COPY (many) or in one pipelined batch with the updates,
// deletes and the audit entry. Scans page through the (kind, time, id)
// index with keyset pagination, holding one page in memory and no
// transaction open while the caller's function runs. Snapshot
// (driver.Snapshotter) is the exception: it holds one REPEATABLE READ, READ
// ONLY transaction while its function runs, so that the audit log and the
// records are read as of one moment.
package postgres
