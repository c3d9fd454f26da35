// Package audit keeps the security audit log: who logged in or failed to,
// who changed whose role, imported a roster, issued or revoked a
// credential, rotated a key or created an API key, placed or changed a
// training order, answered one, confirmed a hire or changed an event.
// Events are written in the same transaction as the action they describe,
// so the log never claims what did not happen nor misses what did.
//
// The log holds no personal data: actors and targets are internal ids,
// client addresses are cut to their network (/24 or /48), an email that
// matches no account is kept only as a keyed hash, and details carry
// counts and states, never names or free text.
package audit

import (
	"context"
	"encoding/json"
	"net"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"gorm.io/gorm"
)

// Actions. The names are stable: filters and alerting depend on them.
const (
	LoginSucceeded      = "auth.login.succeeded"
	LoginFailed         = "auth.login.failed"
	LoginDelayed        = "auth.login.delayed" // an account (or account and network) entered a login delay
	TokenKeyRotated     = "auth.signing_key.rotated"
	APIKeyCreated       = "api_key.created"
	APIKeyRevoked       = "api_key.revoked"
	MemberAdded         = "org.member.added"
	MemberChanged       = "org.member.changed" // role or status
	MemberRemoved       = "org.member.removed"
	RosterImported      = "roster.imported"
	CredentialIssued    = "credential.issued"
	CredentialRevoked   = "credential.revoked"
	CredentialSuspended = "credential.suspended"
	CredentialReinstate = "credential.reinstated"
	CredentialKeyRotate = "credential.signing_key.rotated"
	GoalCreated         = "talent.goal.created"
	GoalChanged         = "talent.goal.changed"
	GoalDeleted         = "talent.goal.deleted"
	QualifyingChanged   = "talent.qualifying_tracks.changed" // what counts as certified; recounts everything
	OrderCreated        = "training.order.created"
	OrderChanged        = "training.order.changed" // fields, status
	PartnerResponded    = "training.partner.responded"
	HireConfirmed       = "training.hire.confirmed"
	EventCreated        = "training.event.created"
	EventChanged        = "training.event.changed" // fields, status (a cancellation)
)

// Actions lists every action, for filter validation and the API document.
var Actions = []string{LoginSucceeded, LoginFailed, LoginDelayed, TokenKeyRotated,
	APIKeyCreated, APIKeyRevoked, MemberAdded, MemberChanged, MemberRemoved, RosterImported,
	CredentialIssued, CredentialRevoked, CredentialSuspended, CredentialReinstate, CredentialKeyRotate,
	GoalCreated, GoalChanged, GoalDeleted, QualifyingChanged,
	OrderCreated, OrderChanged, PartnerResponded, HireConfirmed, EventCreated, EventChanged}

// Actor types.
const (
	ActorUser      = "user"
	ActorAPIKey    = "api_key"
	ActorAnonymous = "anonymous" // e.g. a failed login: nobody proved who they are
	ActorSystem    = "system"    // the platform itself (automatic issuance, first start)
	ActorCLI       = "cli"       // an operator's ohtalent command on the server
)

// Event is one entry of the log as the API shows it.
type Event struct {
	ID            string          `json:"id"`
	OccurredAt    time.Time       `json:"occurredAt"`
	Action        string          `json:"action"`
	ActorType     string          `json:"actorType"`
	ActorID       string          `json:"actorId"`
	OrgID         string          `json:"orgId"`
	TargetType    string          `json:"targetType"`
	TargetID      string          `json:"targetId"`
	ClientNetwork string          `json:"clientNetwork"`
	RequestID     string          `json:"requestId"`
	Details       json.RawMessage `json:"details"`
}

// Entry is what a caller records; the rest comes from the request.
type Entry struct {
	Action     string
	OrgID      string
	TargetType string
	TargetID   string
	// Details are counts, states and ids: never names, emails or free text.
	Details map[string]any
	// ActorType and ActorID override the request's caller (a failed login
	// is anonymous whatever token came with it; automatic issuance is the
	// system).
	ActorType string
	ActorID   string
}

// Record writes e through g, which should be the transaction of the
// action so that both commit or neither does.
func Record(ctx context.Context, g *gorm.DB, e Entry) error {
	m := metaOf(ctx)
	ev := eventRow{ID: db.NewID(), OccurredAt: time.Now().UTC(), Action: e.Action, ActorType: e.ActorType, ActorID: e.ActorID,
		OrgID: e.OrgID, TargetType: e.TargetType, TargetID: e.TargetID, ClientNetwork: NetworkOf(m.ClientIP), RequestID: m.RequestID, Details: "{}"}
	if ev.ActorType == "" {
		ev.ActorType, ev.ActorID = m.ActorType, m.ActorID
	}
	if ev.ActorType == "" {
		ev.ActorType = ActorSystem
	}
	if len(e.Details) > 0 {
		raw, err := json.Marshal(e.Details)
		if err != nil {
			return err
		}
		ev.Details = string(raw)
	}
	return g.WithContext(ctx).Create(&ev).Error
}

// eventRow is the stored form; details stay text so both engines agree.
type eventRow struct {
	ID            string    `gorm:"column:id;primaryKey"`
	OccurredAt    time.Time `gorm:"column:occurred_at"`
	Action        string    `gorm:"column:action"`
	ActorType     string    `gorm:"column:actor_type"`
	ActorID       string    `gorm:"column:actor_id"`
	OrgID         string    `gorm:"column:org_id"`
	TargetType    string    `gorm:"column:target_type"`
	TargetID      string    `gorm:"column:target_id"`
	ClientNetwork string    `gorm:"column:client_network"`
	RequestID     string    `gorm:"column:request_id"`
	Details       string    `gorm:"column:details"`
}

func (eventRow) TableName() string { return "audit_events" }

// meta is what the request tells about an event: set by Middleware, with
// the actor filled in by auth once it knows the caller.
type meta struct {
	ActorType string
	ActorID   string
	ClientIP  string // cut to its network only when an event is recorded
	RequestID string
}

type metaKey struct{}

func metaOf(ctx context.Context) meta {
	if m, ok := ctx.Value(metaKey{}).(*meta); ok {
		return *m
	}
	return meta{}
}

// Middleware notes the request id and the client network for events the
// request records. It must run after httpx.RequestIDs.
func Middleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		m := &meta{ClientIP: c.ClientIP(), RequestID: httpx.RequestID(c)}
		c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), metaKey{}, m))
		c.Next()
	}
}

// SetActor names the authenticated caller of the request behind ctx.
func SetActor(ctx context.Context, actorType, actorID string) {
	if m, ok := ctx.Value(metaKey{}).(*meta); ok {
		m.ActorType, m.ActorID = actorType, actorID
	}
}

// WithActor returns a context whose events name the actor: the CLI uses
// it, having no request.
func WithActor(ctx context.Context, actorType, actorID string) context.Context {
	return context.WithValue(ctx, metaKey{}, &meta{ActorType: actorType, ActorID: actorID})
}

// NetworkOf cuts a client address to its network, /24 for IPv4 and /48 for
// IPv6: enough to see that failures come from one place, not enough to
// single out a person's connection.
func NetworkOf(addr string) string {
	ip := net.ParseIP(addr)
	if ip == nil {
		return ""
	}
	if v4 := ip.To4(); v4 != nil {
		return (&net.IPNet{IP: v4.Mask(net.CIDRMask(24, 32)), Mask: net.CIDRMask(24, 32)}).String()
	}
	return (&net.IPNet{IP: ip.Mask(net.CIDRMask(48, 128)), Mask: net.CIDRMask(48, 128)}).String()
}
