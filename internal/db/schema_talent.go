package db

// schemaTalentGoals holds the goals and the certified-developer counts that
// internal/talent maintains as credentials change (see its package comment
// for the model).
//
//   - talent_goals: configurable targets; the city plan's two are seeded.
//   - talent_state: one row. version moves with every change of the counts
//     (readers cache on it); needs_rebuild asks for a full recount, which
//     the service runs at start (set here so that credentials issued before
//     this step are counted).
//   - talent_credential_orgs: the organizations a credential counts for,
//     fixed when it is issued: its issuing org and the holder's orgs then.
//     Backfilled here the same way for credentials that already exist.
//   - talent_org_dims: each org's kind, district and consortiums as the
//     counts were last built with; comparing it with the live tables shows
//     which orgs moved.
//   - talent_people: each person's active day spans per (org, track).
//   - talent_days / talent_months: +1/-1 deltas per scope and day, and the
//     same summed per month, so that a count as of any day is a sum of a
//     few hundred rows.
var schemaTalentGoals = Migration{Version: 10, Name: "talent goals and maintained counts", Statements: []string{
	`CREATE TABLE talent_goals (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL,
		target BIGINT NOT NULL,
		deadline TEXT NOT NULL,
		scope_kind TEXT NOT NULL,
		scope_id TEXT NOT NULL DEFAULT '',
		created_at TIMESTAMP NOT NULL,
		updated_at TIMESTAMP NOT NULL
	)`,
	`INSERT INTO talent_goals (id, name, target, deadline, scope_kind, scope_id, created_at, updated_at) VALUES
		('01940000-0000-7000-8000-000000002027', '2027', 20000, '2027-12-31', 'city', '', '2025-01-01 00:00:00', '2025-01-01 00:00:00'),
		('01940000-0000-7000-8000-000000002030', '2030', 50000, '2030-12-31', 'city', '', '2025-01-01 00:00:00', '2025-01-01 00:00:00')`,
	`CREATE TABLE talent_state (
		id INTEGER PRIMARY KEY,
		version BIGINT NOT NULL,
		credentials_issued BIGINT NOT NULL,
		qualifying_tracks TEXT NOT NULL,
		needs_rebuild BOOLEAN NOT NULL
	)`,
	`INSERT INTO talent_state (id, version, credentials_issued, qualifying_tracks, needs_rebuild) VALUES (1, 0, 0, '', TRUE)`,
	`CREATE TABLE talent_credential_orgs (
		credential_id TEXT NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
		org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
		PRIMARY KEY (credential_id, org_id)
	)`,
	`CREATE INDEX talent_credential_orgs_org ON talent_credential_orgs (org_id)`,
	`INSERT INTO talent_credential_orgs (credential_id, org_id)
		SELECT id, org_id FROM credentials WHERE org_id IS NOT NULL
		UNION
		SELECT c.id, m.org_id FROM credentials c JOIN memberships m ON m.user_id = c.user_id WHERE m.status = 'active'`,
	`CREATE TABLE talent_org_dims (
		org_id TEXT PRIMARY KEY,
		kind TEXT NOT NULL,
		district TEXT NOT NULL,
		consortiums TEXT NOT NULL
	)`,
	`CREATE TABLE talent_people (
		user_id TEXT PRIMARY KEY,
		spans TEXT NOT NULL
	)`,
	`CREATE TABLE talent_days (
		kind TEXT NOT NULL,
		scope TEXT NOT NULL,
		month INTEGER NOT NULL,
		day INTEGER NOT NULL,
		delta BIGINT NOT NULL,
		PRIMARY KEY (kind, month, scope, day)
	)`,
	`CREATE TABLE talent_months (
		kind TEXT NOT NULL,
		scope TEXT NOT NULL,
		month INTEGER NOT NULL,
		delta BIGINT NOT NULL,
		PRIMARY KEY (kind, month, scope)
	)`,
	// Covering indexes: the sums read (kind, month, scope, delta) and a
	// scope's history (kind, scope, month, delta) from the index alone.
	`CREATE INDEX talent_months_sum ON talent_months (kind, month, scope, delta)`,
	`CREATE INDEX talent_months_scope ON talent_months (kind, scope, month, delta)`,
}}
