package credential

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/audit"
	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/catalog"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"gorm.io/gorm"
)

// Credential statuses.
const (
	StatusActive    = "active"
	StatusSuspended = "suspended"
	StatusRevoked   = "revoked"
)

// record is a credentials row.
type record struct {
	ID              string     `gorm:"column:id;primaryKey"`
	UserID          string     `gorm:"column:user_id"`
	TrackSlug       string     `gorm:"column:track_slug"`
	TrackVersion    int        `gorm:"column:track_version"`
	OrgID           *string    `gorm:"column:org_id"`
	StatusIndex     int64      `gorm:"column:status_index"`
	Status          string     `gorm:"column:status"`
	KID             string     `gorm:"column:kid"`
	JWT             string     `gorm:"column:jwt"`
	Document        string     `gorm:"column:document"`
	IssuedBy        string     `gorm:"column:issued_by"`
	Evidence        string     `gorm:"column:evidence"`
	IssuedAt        time.Time  `gorm:"column:issued_at"`
	ValidFrom       time.Time  `gorm:"column:valid_from"`
	ValidUntil      *time.Time `gorm:"column:valid_until"`
	StatusChangedAt *time.Time `gorm:"column:status_changed_at"`
}

func (record) TableName() string { return "credentials" }

type event struct {
	ID           string    `gorm:"column:id;primaryKey" json:"id"`
	CredentialID string    `gorm:"column:credential_id" json:"credentialId"`
	Action       string    `gorm:"column:action" json:"action"`
	Reason       string    `gorm:"column:reason" json:"reason"`
	ActorID      string    `gorm:"column:actor_id" json:"actorId"`
	CreatedAt    time.Time `gorm:"column:created_at" json:"createdAt"`
}

func (event) TableName() string { return "credential_events" }

// Service is the credentials feature.
type Service struct {
	db      *db.DB
	keys    *Keys
	issuer  Issuer
	catalog *catalog.Service
	log     *slog.Logger
	now     func() time.Time
	cache   *verifyCache
	status  *statusReader
	// onChange hooks run inside issuance and status transactions (OnChange).
	onChange []ChangeHook
	// verifyLimit caps verifications per client address (LimitVerification).
	verifyLimit gin.HandlerFunc
}

// New builds the service; it issues automatically when a learner meets a
// track's certificate rule.
func New(d *db.DB, keys *Keys, iss Issuer, cat *catalog.Service, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Service{db: d, keys: keys, issuer: iss, catalog: cat, log: log, now: time.Now, cache: newVerifyCache(20000),
		status: &statusReader{db: d.R.DB, pg: d.Dialect == db.Postgres}}
	cat.OnCertificateRule(func(ctx context.Context, userID string, t *catalog.Track) {
		if _, _, err := s.Issue(ctx, IssueRequest{UserID: userID, Track: t, IssuedBy: "system"}); err != nil {
			// The learner keeps their scores; the next graded submission
			// calls the hook again and retries.
			s.log.Error("automatic issuance failed", "user_id", userID, "track", t.Slug, "error", err.Error())
		}
	})
	return s
}

// TrustLocalStatus lets verification keep credential statuses in memory.
// Call it only when this process makes every status change: `serve` on an
// SQLite file, holding the data directory's server lock. Status changes
// made here update it at once; one made by another process would not be
// seen, which is why PostgreSQL replicas never call it.
func (s *Service) TrustLocalStatus() { s.status.local = newLocalStatus(200000) }

// Keys exposes the signing keys (CLI, JWKS).
func (s *Service) Keys() *Keys { return s.keys }

// IssueRequest says what to issue to whom: a track's certificate, or
// (Achievement set, Track nil) an event achievement such as a competition
// award.
type IssueRequest struct {
	UserID      string
	Track       *catalog.Track
	Achievement *Achievement
	IssuedBy    string // "system" or the admin's user id
	Evidence    string
	OrgID       *string
	ValidUntil  *time.Time
}

// ErrAlreadyIssued means the person already holds a credential for that
// track version.
var ErrAlreadyIssued = errors.New("a credential for this track version was already issued to this person")

// Issue creates, signs and stores a credential. It is idempotent: one
// credential per person and track version, however many concurrent
// gradings ask; the existing one is returned with created=false.
func (s *Service) Issue(ctx context.Context, req IssueRequest) (*record, bool, error) {
	slug, version := req.key()
	var existing []record
	err := s.db.W.WithContext(ctx).Where("user_id = ? AND track_slug = ? AND track_version = ?",
		req.UserID, slug, version).Limit(1).Find(&existing).Error
	if err != nil {
		return nil, false, err
	}
	if len(existing) == 1 {
		return &existing[0], false, nil
	}
	// Another process (`ohtalent keys rotate`, another replica) may have
	// rotated: pick the new key up within seconds (if the reload fails, the
	// current key still signs validly). Not inside the transaction below,
	// which on SQLite holds the only writer connection.
	_ = s.keys.reloadIfStale(ctx)
	var rec record
	created := false
	err = s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var who struct{ DisplayName, Email string }
		if err := tx.Raw("SELECT display_name, email FROM users WHERE id = ?", req.UserID).Scan(&who).Error; err != nil {
			return err
		}
		if who.Email == "" {
			return httpx.NotFound("user")
		}
		var index int64
		if err := tx.Raw("UPDATE counters SET value = value + 1 WHERE name = 'credential_status_index' RETURNING value").Scan(&index).Error; err != nil {
			return err
		}
		now := s.now().UTC().Truncate(time.Second)
		id := newCredentialID()
		doc := req.document(s.issuer, id, subject{Name: who.DisplayName, Email: who.Email}, newSalt(), index-1, now)
		kid, key := s.keys.signer()
		token, err := sign(doc, kid, key)
		if err != nil {
			return err
		}
		raw, _ := json.Marshal(doc)
		rec = record{ID: id, UserID: req.UserID, TrackSlug: slug, TrackVersion: version, OrgID: req.OrgID,
			StatusIndex: index - 1, Status: StatusActive, KID: kid, JWT: token, Document: string(raw), IssuedBy: req.IssuedBy,
			Evidence: req.Evidence, IssuedAt: now, ValidFrom: now, ValidUntil: req.ValidUntil}
		res := tx.Exec(`INSERT INTO credentials (id, user_id, track_slug, track_version, org_id, status_index, status, kid, jwt, document,
			issued_by, evidence, issued_at, valid_from, valid_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (user_id, track_slug, track_version) DO NOTHING`,
			rec.ID, rec.UserID, rec.TrackSlug, rec.TrackVersion, rec.OrgID, rec.StatusIndex, rec.Status, rec.KID, rec.JWT, rec.Document,
			rec.IssuedBy, rec.Evidence, rec.IssuedAt, rec.ValidFrom, rec.ValidUntil)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return nil // a concurrent grading issued it first
		}
		created = true
		if err := tx.Create(&event{ID: db.NewID(), CredentialID: rec.ID, Action: "issue", Reason: req.Evidence,
			ActorID: req.IssuedBy, CreatedAt: now}).Error; err != nil {
			return err
		}
		if err := s.changed(ctx, tx, rec.ID, "issue"); err != nil {
			return err
		}
		return audit.Record(ctx, tx, issuedEntry(&rec))
	})
	if err != nil {
		return nil, false, err
	}
	if !created {
		if err := s.db.W.WithContext(ctx).Where("user_id = ? AND track_slug = ? AND track_version = ?",
			req.UserID, slug, version).Take(&rec).Error; err != nil {
			return nil, false, err
		}
		return &rec, false, nil
	}
	s.log.Info("credential issued", "credential_id", rec.ID, "track", rec.TrackSlug, "by", rec.IssuedBy)
	return &rec, true, nil
}

// Routes registers the credential routes under /api/v1.
func (s *Service) Routes(r *auth.Router) {
	r.GET("/credentials/:credentialId", auth.Public(), s.handleGet)
	r.GET("/me/credentials", auth.Authenticated(), s.handleMine)
	r.POST("/credentials", auth.PlatformAdmin(), s.handleIssue)
	r.POST("/credentials/:credentialId/status", auth.Authenticated(), s.handleSetStatus)
	r.GET("/credentials/:credentialId/events", auth.Authenticated(), s.handleEvents)
	r.GET("/status-lists/:purpose/:list", auth.Public(), s.handleStatusList)
	r.POST("/verify", auth.Public(), s.limitVerification, s.handleVerify)
	r.POST("/verify/batch", auth.Authenticated(), s.limitVerification, s.handleVerifyBatch)
}
