package db

// schemaTraining holds order-based training: an enterprise's (or a
// consortium lead's) training orders, the partner schools invited to them
// and the cohorts they train, learners' consent to be seen by enterprises,
// confirmed hires, and salons and competitions with their registrations.
var schemaTraining = Migration{Version: 11, Name: "training orders, consent, hires and events", Statements: []string{
	`CREATE TABLE training_orders (
		id TEXT PRIMARY KEY,
		org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
		consortium_id TEXT REFERENCES consortiums(id) ON DELETE SET NULL,
		title TEXT NOT NULL,
		headcount INTEGER NOT NULL,
		deadline TIMESTAMP NOT NULL,
		skills TEXT NOT NULL DEFAULT '[]',
		notes TEXT NOT NULL DEFAULT '',
		status TEXT NOT NULL,
		created_by TEXT NOT NULL,
		created_at TIMESTAMP NOT NULL,
		updated_at TIMESTAMP NOT NULL
	)`,
	`CREATE INDEX training_orders_org ON training_orders (org_id, id)`,
	`CREATE INDEX training_orders_consortium ON training_orders (consortium_id) WHERE consortium_id IS NOT NULL`,
	`CREATE TABLE training_order_tracks (
		order_id TEXT NOT NULL REFERENCES training_orders(id) ON DELETE CASCADE,
		track_slug TEXT NOT NULL,
		PRIMARY KEY (order_id, track_slug)
	)`,
	`CREATE TABLE training_order_partners (
		order_id TEXT NOT NULL REFERENCES training_orders(id) ON DELETE CASCADE,
		org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
		status TEXT NOT NULL,
		note TEXT NOT NULL DEFAULT '',
		invited_at TIMESTAMP NOT NULL,
		responded_by TEXT,
		responded_at TIMESTAMP,
		PRIMARY KEY (order_id, org_id)
	)`,
	`CREATE INDEX training_order_partners_org ON training_order_partners (org_id, order_id)`,
	`CREATE TABLE training_order_cohorts (
		order_id TEXT NOT NULL REFERENCES training_orders(id) ON DELETE CASCADE,
		cohort_id TEXT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
		org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
		linked_by TEXT NOT NULL,
		linked_at TIMESTAMP NOT NULL,
		PRIMARY KEY (order_id, cohort_id)
	)`,
	`CREATE INDEX training_order_cohorts_cohort ON training_order_cohorts (cohort_id)`,
	// A consent is kept after it is withdrawn (withdrawn_at), because a
	// hire records the consent that was in force when it was confirmed.
	`CREATE TABLE training_consents (
		id TEXT PRIMARY KEY,
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		scope TEXT NOT NULL,
		order_id TEXT REFERENCES training_orders(id) ON DELETE CASCADE,
		consortium_id TEXT REFERENCES consortiums(id) ON DELETE CASCADE,
		share_email BOOLEAN NOT NULL DEFAULT FALSE,
		created_at TIMESTAMP NOT NULL,
		updated_at TIMESTAMP NOT NULL,
		withdrawn_at TIMESTAMP
	)`,
	`CREATE INDEX training_consents_user ON training_consents (user_id)`,
	`CREATE UNIQUE INDEX training_consents_order ON training_consents (order_id, user_id) WHERE withdrawn_at IS NULL AND order_id IS NOT NULL`,
	`CREATE UNIQUE INDEX training_consents_consortium ON training_consents (consortium_id, user_id) WHERE withdrawn_at IS NULL AND consortium_id IS NOT NULL`,
	`CREATE TABLE training_placements (
		id TEXT PRIMARY KEY,
		order_id TEXT NOT NULL REFERENCES training_orders(id),
		org_id TEXT NOT NULL REFERENCES orgs(id),
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		credential_id TEXT NOT NULL REFERENCES credentials(id),
		consent_id TEXT NOT NULL REFERENCES training_consents(id),
		partner_org_id TEXT REFERENCES orgs(id),
		track_slug TEXT NOT NULL,
		start_date TEXT NOT NULL,
		verified_at TIMESTAMP NOT NULL,
		confirmed_by TEXT NOT NULL,
		confirmed_at TIMESTAMP NOT NULL,
		UNIQUE (order_id, user_id)
	)`,
	`CREATE INDEX training_placements_org ON training_placements (org_id, start_date)`,
	`CREATE TABLE training_events (
		id TEXT PRIMARY KEY,
		org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
		kind TEXT NOT NULL,
		title TEXT NOT NULL,
		description TEXT NOT NULL DEFAULT '',
		place TEXT NOT NULL DEFAULT '',
		starts_at TIMESTAMP NOT NULL,
		ends_at TIMESTAMP NOT NULL,
		capacity INTEGER NOT NULL,
		registered INTEGER NOT NULL DEFAULT 0,
		status TEXT NOT NULL,
		created_by TEXT NOT NULL,
		created_at TIMESTAMP NOT NULL,
		updated_at TIMESTAMP NOT NULL
	)`,
	`CREATE INDEX training_events_org ON training_events (org_id, id)`,
	`CREATE INDEX training_events_starts ON training_events (starts_at)`,
	`CREATE TABLE training_event_registrations (
		event_id TEXT NOT NULL REFERENCES training_events(id) ON DELETE CASCADE,
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		status TEXT NOT NULL,
		registered_at TIMESTAMP NOT NULL,
		updated_at TIMESTAMP NOT NULL,
		checked_in_at TIMESTAMP,
		checked_in_by TEXT,
		result_rank INTEGER,
		result_award TEXT NOT NULL DEFAULT '',
		credential_id TEXT REFERENCES credentials(id),
		PRIMARY KEY (event_id, user_id)
	)`,
	`CREATE INDEX training_event_registrations_user ON training_event_registrations (user_id)`,
}}
