// Package ticketsync pulls the tickets a ticket system changed into the
// deployment's Store, incrementally, so reports and process packages read
// them without calling the system.
//
// A tour:
//
//		res, err := ticketsync.Sync(ctx, tickets, store, ticketsync.Options{Source: "rt"})
//
//	  - Each synced ticket is one record of kind "ticket" with id
//	    "SOURCE:ID", its canonical status, and its Updated time indexed.
//	  - The checkpoint (kind "ticketsync.checkpoint", one per source) is
//	    written in the same atomic batch as the tickets it covers, so a run
//	    killed at any point (even kill -9) leaves a consistent store, and the
//	    next run resumes after the last committed batch.
//	  - Each run reads again from a little before the checkpoint (Overlap),
//	    because systems such as Redmine and Request Tracker stamp whole
//	    seconds and commit late; what it reads again is compared with what is
//	    stored and skipped. A run over unchanged tickets writes nothing: no
//	    new versions and no audit entries.
//	  - Reading and writing overlap: one goroutine streams the changes while
//	    the other commits batches.
//
// The command line runs it as "relaciona sync --config deployment.yaml",
// with progress (count, rate, ETA).
package ticketsync
