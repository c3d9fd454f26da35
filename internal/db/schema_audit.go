package db

// schemaAudit adds the security audit log and the failed-login counters
// behind the progressive login delay.
//
// audit_events has no foreign keys on purpose: an event must outlive the
// organization, account or credential it names. Ids are UUIDv7, so the
// indexes ending in id serve "newest first" pages for each filter.
//
// login_throttle counts failed logins per account (a keyed hash of the
// email, never the email) and per source: one row per client network, and
// one row with source '*' for all networks together. known_at marks the
// networks the account has logged in from successfully.
var schemaAudit = Migration{Version: 12, Name: "security audit log", Statements: []string{
	`CREATE TABLE audit_events (
		id TEXT PRIMARY KEY,
		occurred_at TIMESTAMP NOT NULL,
		action TEXT NOT NULL,
		actor_type TEXT NOT NULL,
		actor_id TEXT NOT NULL DEFAULT '',
		org_id TEXT NOT NULL DEFAULT '',
		target_type TEXT NOT NULL DEFAULT '',
		target_id TEXT NOT NULL DEFAULT '',
		client_network TEXT NOT NULL DEFAULT '',
		request_id TEXT NOT NULL DEFAULT '',
		details TEXT NOT NULL DEFAULT '{}'
	)`,
	`CREATE INDEX audit_events_org ON audit_events (org_id, id)`,
	`CREATE INDEX audit_events_action ON audit_events (action, id)`,
	`CREATE INDEX audit_events_actor ON audit_events (actor_id, id)`,
	`CREATE INDEX audit_events_target ON audit_events (target_id, id)`,
	`CREATE TABLE login_throttle (
		account TEXT NOT NULL,
		source TEXT NOT NULL,
		failures INTEGER NOT NULL,
		locked_until TIMESTAMP,
		known_at TIMESTAMP,
		updated_at TIMESTAMP NOT NULL,
		PRIMARY KEY (account, source)
	)`,
}}
