package db

// schema is the ordered list of migrations, like miniflux's: one place to
// read how the database grew. Append; never edit a step that has shipped.
var schema = []Migration{
	{Version: 1, Name: "accounts and organizations", Statements: []string{
		`CREATE TABLE users (
			id TEXT PRIMARY KEY,
			email TEXT NOT NULL UNIQUE,
			display_name TEXT NOT NULL,
			password_hash TEXT NOT NULL,
			platform_admin BOOLEAN NOT NULL DEFAULT FALSE,
			status TEXT NOT NULL DEFAULT 'active',
			created_at TIMESTAMP NOT NULL,
			updated_at TIMESTAMP NOT NULL
		)`,
		`CREATE TABLE orgs (
			id TEXT PRIMARY KEY,
			code TEXT NOT NULL UNIQUE,
			kind TEXT NOT NULL,
			name_zh TEXT NOT NULL,
			name_en TEXT NOT NULL DEFAULT '',
			district TEXT NOT NULL DEFAULT '',
			created_at TIMESTAMP NOT NULL,
			updated_at TIMESTAMP NOT NULL
		)`,
		`CREATE TABLE memberships (
			id TEXT PRIMARY KEY,
			user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
			org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
			role TEXT NOT NULL,
			status TEXT NOT NULL DEFAULT 'active',
			created_at TIMESTAMP NOT NULL,
			updated_at TIMESTAMP NOT NULL,
			UNIQUE (org_id, user_id, role)
		)`,
		`CREATE INDEX memberships_user ON memberships (user_id)`,
		`CREATE TABLE consortiums (
			id TEXT PRIMARY KEY,
			code TEXT NOT NULL UNIQUE,
			name_zh TEXT NOT NULL,
			name_en TEXT NOT NULL DEFAULT '',
			lead_org_id TEXT NOT NULL REFERENCES orgs(id),
			created_at TIMESTAMP NOT NULL,
			updated_at TIMESTAMP NOT NULL
		)`,
		`CREATE TABLE consortium_members (
			consortium_id TEXT NOT NULL REFERENCES consortiums(id) ON DELETE CASCADE,
			org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
			created_at TIMESTAMP NOT NULL,
			PRIMARY KEY (consortium_id, org_id)
		)`,
		`CREATE INDEX consortium_members_org ON consortium_members (org_id)`,
	}},
	{Version: 2, Name: "sessions, signing secrets, rate limits, idempotency", Statements: []string{
		`CREATE TABLE refresh_tokens (
			id TEXT PRIMARY KEY,
			user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
			token_hash TEXT NOT NULL UNIQUE,
			family_id TEXT NOT NULL,
			expires_at TIMESTAMP NOT NULL,
			used_at TIMESTAMP,
			revoked_at TIMESTAMP,
			created_at TIMESTAMP NOT NULL
		)`,
		`CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id)`,
		`CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id)`,
		`CREATE TABLE jwt_keys (
			kid TEXT PRIMARY KEY,
			secret_enc TEXT NOT NULL,
			created_at TIMESTAMP NOT NULL
		)`,
		`CREATE TABLE rate_limits (
			bucket TEXT NOT NULL,
			window_start BIGINT NOT NULL,
			hits INTEGER NOT NULL,
			PRIMARY KEY (bucket, window_start)
		)`,
		`CREATE TABLE idempotency_keys (
			scope TEXT NOT NULL,
			idem_key TEXT NOT NULL,
			request_hash TEXT NOT NULL,
			status INTEGER NOT NULL,
			content_type TEXT NOT NULL DEFAULT '',
			body TEXT NOT NULL DEFAULT '',
			created_at TIMESTAMP NOT NULL,
			PRIMARY KEY (scope, idem_key)
		)`,
	}},
	{Version: 3, Name: "enrollments and learning progress", Statements: []string{
		`CREATE TABLE enrollments (
			id TEXT PRIMARY KEY,
			user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
			track_slug TEXT NOT NULL,
			track_version INTEGER NOT NULL,
			enrolled_at TIMESTAMP NOT NULL,
			UNIQUE (user_id, track_slug)
		)`,
		`CREATE TABLE lesson_completions (
			user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
			track_slug TEXT NOT NULL,
			lesson_slug TEXT NOT NULL,
			completed_at TIMESTAMP NOT NULL,
			PRIMARY KEY (user_id, track_slug, lesson_slug)
		)`,
		`CREATE TABLE lab_scores (
			user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
			lab_slug TEXT NOT NULL,
			track_slug TEXT NOT NULL,
			best_score INTEGER NOT NULL,
			max_score INTEGER NOT NULL,
			passed BOOLEAN NOT NULL,
			attempts INTEGER NOT NULL,
			updated_at TIMESTAMP NOT NULL,
			PRIMARY KEY (user_id, lab_slug)
		)`,
		`CREATE INDEX lab_scores_track ON lab_scores (user_id, track_slug)`,
	}},
	{Version: 4, Name: "submissions, grading leases and external runners", Statements: []string{
		`CREATE TABLE submissions (
			id TEXT PRIMARY KEY,
			user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
			lab_slug TEXT NOT NULL,
			track_slug TEXT NOT NULL,
			kind TEXT NOT NULL,
			mode TEXT NOT NULL,
			grader TEXT NOT NULL,
			status TEXT NOT NULL,
			verdict TEXT NOT NULL DEFAULT '',
			score INTEGER NOT NULL DEFAULT 0,
			max_score INTEGER NOT NULL,
			passed BOOLEAN NOT NULL DEFAULT FALSE,
			payload TEXT NOT NULL,
			result TEXT NOT NULL DEFAULT '',
			lease_owner TEXT NOT NULL DEFAULT '',
			lease_expires_at TIMESTAMP,
			attempts INTEGER NOT NULL DEFAULT 0,
			created_at TIMESTAMP NOT NULL,
			graded_at TIMESTAMP,
			duration_ms INTEGER NOT NULL DEFAULT 0
		)`,
		`CREATE INDEX submissions_user_lab ON submissions (user_id, lab_slug, id)`,
		`CREATE INDEX submissions_queue ON submissions (grader, status, created_at)`,
		`CREATE TABLE runners (
			id TEXT PRIMARY KEY,
			name TEXT NOT NULL,
			token_hash TEXT NOT NULL UNIQUE,
			kinds TEXT NOT NULL,
			created_at TIMESTAMP NOT NULL,
			last_seen_at TIMESTAMP,
			revoked_at TIMESTAMP
		)`,
	}},
	{Version: 5, Name: "idempotent replays keep Location", Statements: []string{
		`ALTER TABLE idempotency_keys ADD COLUMN location TEXT NOT NULL DEFAULT ''`,
	}},
	{Version: 6, Name: "credentials, signing keys, status and audit", Statements: []string{
		`CREATE TABLE credential_keys (
			kid TEXT PRIMARY KEY,
			public_key TEXT NOT NULL,
			private_enc TEXT NOT NULL,
			created_at TIMESTAMP NOT NULL
		)`,
		`CREATE TABLE counters (
			name TEXT PRIMARY KEY,
			value BIGINT NOT NULL
		)`,
		`INSERT INTO counters (name, value) VALUES ('credential_status_index', 0)`,
		`CREATE TABLE credentials (
			id TEXT PRIMARY KEY,
			user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
			track_slug TEXT NOT NULL,
			track_version INTEGER NOT NULL,
			org_id TEXT REFERENCES orgs(id),
			status_index BIGINT NOT NULL UNIQUE,
			status TEXT NOT NULL,
			kid TEXT NOT NULL,
			jwt TEXT NOT NULL,
			document TEXT NOT NULL,
			issued_by TEXT NOT NULL,
			evidence TEXT NOT NULL DEFAULT '',
			issued_at TIMESTAMP NOT NULL,
			valid_from TIMESTAMP NOT NULL,
			valid_until TIMESTAMP,
			status_changed_at TIMESTAMP,
			UNIQUE (user_id, track_slug, track_version)
		)`,
		`CREATE INDEX credentials_user ON credentials (user_id)`,
		`CREATE TABLE credential_events (
			id TEXT PRIMARY KEY,
			credential_id TEXT NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
			action TEXT NOT NULL,
			reason TEXT NOT NULL DEFAULT '',
			actor_id TEXT NOT NULL,
			created_at TIMESTAMP NOT NULL
		)`,
		`CREATE INDEX credential_events_credential ON credential_events (credential_id, created_at)`,
	}},
	{Version: 7, Name: "cohorts and roster imports", Statements: []string{
		`ALTER TABLE users ADD COLUMN id_card_hash TEXT`,
		`CREATE UNIQUE INDEX users_id_card_hash ON users (id_card_hash) WHERE id_card_hash IS NOT NULL`,
		`CREATE TABLE cohorts (
			id TEXT PRIMARY KEY,
			org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
			name TEXT NOT NULL,
			term TEXT NOT NULL DEFAULT '',
			external_id TEXT NOT NULL DEFAULT '',
			created_at TIMESTAMP NOT NULL,
			updated_at TIMESTAMP NOT NULL,
			UNIQUE (org_id, name, term)
		)`,
		`CREATE UNIQUE INDEX cohorts_external ON cohorts (org_id, external_id) WHERE external_id <> ''`,
		`CREATE TABLE cohort_tracks (
			cohort_id TEXT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
			track_slug TEXT NOT NULL,
			PRIMARY KEY (cohort_id, track_slug)
		)`,
		`CREATE TABLE org_students (
			org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
			student_number TEXT NOT NULL,
			user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
			created_at TIMESTAMP NOT NULL,
			PRIMARY KEY (org_id, student_number)
		)`,
		`CREATE INDEX org_students_user ON org_students (user_id)`,
		`CREATE TABLE cohort_members (
			cohort_id TEXT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
			user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
			status TEXT NOT NULL,
			joined_at TIMESTAMP NOT NULL,
			updated_at TIMESTAMP NOT NULL,
			PRIMARY KEY (cohort_id, user_id)
		)`,
	}},
	{Version: 8, Name: "account activation links", Statements: []string{
		`CREATE TABLE activation_tokens (
			token_hash TEXT PRIMARY KEY,
			user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
			expires_at TIMESTAMP NOT NULL,
			used_at TIMESTAMP,
			created_at TIMESTAMP NOT NULL
		)`,
		`CREATE INDEX activation_tokens_user ON activation_tokens (user_id)`,
	}},
	{Version: 9, Name: "org API keys and OAuth 2.0 clients", Statements: []string{
		`CREATE TABLE api_keys (
			id TEXT PRIMARY KEY,
			org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
			kind TEXT NOT NULL,
			name TEXT NOT NULL,
			client_id TEXT UNIQUE,
			secret_hash TEXT NOT NULL UNIQUE,
			scopes TEXT NOT NULL,
			created_by TEXT NOT NULL,
			created_at TIMESTAMP NOT NULL,
			last_used_at TIMESTAMP,
			revoked_at TIMESTAMP
		)`,
		`CREATE INDEX api_keys_org ON api_keys (org_id)`,
		`CREATE TABLE oauth_tokens (
			token_hash TEXT PRIMARY KEY,
			key_id TEXT NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
			scopes TEXT NOT NULL,
			expires_at TIMESTAMP NOT NULL,
			created_at TIMESTAMP NOT NULL
		)`,
	}},
	// Later steps live beside this file, one per capability, so that work on
	// several capabilities can proceed without editing the same lines.
	schemaTalentGoals,
	schemaTraining,
	schemaAudit,
}
