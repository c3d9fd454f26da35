package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/httpx"
)

// Service lists the log for admins. Routes are registered by the server
// with their policies (platform admins for the whole log, org admins for
// their org's part), because auth records events and so cannot be imported
// here.
type Service struct {
	db *db.DB
}

// New returns the service.
func New(d *db.DB) *Service { return &Service{db: d} }

// Filter narrows a listing; empty fields do not filter.
type Filter struct {
	OrgID    string
	Action   string // an action, or a prefix ending in ".*" such as credential.*
	ActorID  string
	TargetID string
	Since    time.Time // inclusive
	Until    time.Time // exclusive
}

// List returns one page of events, newest first.
func (s *Service) List(ctx context.Context, f Filter, page httpx.Page) (httpx.List[Event], error) {
	q := s.db.R.WithContext(ctx).Model(&eventRow{})
	if f.OrgID != "" {
		q = q.Where("org_id = ?", f.OrgID)
	}
	if prefix, ok := strings.CutSuffix(f.Action, "*"); ok {
		q = q.Where("action LIKE ?", prefix+"%")
	} else if f.Action != "" {
		q = q.Where("action = ?", f.Action)
	}
	if f.ActorID != "" {
		q = q.Where("actor_id = ?", f.ActorID)
	}
	if f.TargetID != "" {
		q = q.Where("target_id = ?", f.TargetID)
	}
	// Ids are UUIDv7 and begin with the event's time in milliseconds, so a
	// time range is an id range that the primary key serves.
	if !f.Since.IsZero() {
		q = q.Where("id >= ?", idPrefix(f.Since))
	}
	if !f.Until.IsZero() {
		q = q.Where("id < ?", idPrefix(f.Until))
	}
	if page.After != "" {
		q = q.Where("id < ?", page.After)
	}
	var rows []eventRow
	if err := q.Order("id DESC").Limit(page.Limit + 1).Find(&rows).Error; err != nil {
		return httpx.List[Event]{}, err
	}
	out := make([]Event, len(rows))
	for i, r := range rows {
		out[i] = Event{ID: r.ID, OccurredAt: r.OccurredAt.UTC(), Action: r.Action, ActorType: r.ActorType, ActorID: r.ActorID,
			OrgID: r.OrgID, TargetType: r.TargetType, TargetID: r.TargetID, ClientNetwork: r.ClientNetwork,
			RequestID: r.RequestID, Details: json.RawMessage(r.Details)}
	}
	return httpx.NewList(out, page, func(e Event) string { return e.ID }), nil
}

// idPrefix is the smallest UUIDv7 text of the millisecond t.
func idPrefix(t time.Time) string {
	ms := t.UnixMilli()
	return fmt.Sprintf("%08x-%04x", uint64(ms)>>16, uint64(ms)&0xffff)
}

// HandleList is GET /audit for platform admins: every event, or one org's
// with ?orgId=.
func (s *Service) HandleList(c *gin.Context) {
	s.respond(c, c.Query("orgId"))
}

// HandleOrgList is GET /orgs/:orgId/audit for the org's admins: only events
// of that org.
func (s *Service) HandleOrgList(c *gin.Context) {
	s.respond(c, c.Param("orgId"))
}

func (s *Service) respond(c *gin.Context, orgID string) {
	page, err := httpx.ParsePage(c)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	f, err := parseFilter(c)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	f.OrgID = orgID
	list, err := s.List(c.Request.Context(), f, page)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	httpx.JSON(c, http.StatusOK, list)
}

func parseFilter(c *gin.Context) (Filter, error) {
	f := Filter{Action: c.Query("action"), ActorID: c.Query("actor"), TargetID: c.Query("target")}
	var v httpx.Validation
	if f.Action != "" && !knownAction(f.Action) {
		v.Add("action", "is not an audit action; use one of %s, or a prefix such as credential.*", strings.Join(Actions, ", "))
	}
	if len(f.ActorID) > 64 {
		v.Add("actor", "is not an id (at most 64 characters)")
	}
	if len(f.TargetID) > 64 {
		v.Add("target", "is not an id (at most 64 characters)")
	}
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"since", &f.Since}, {"until", &f.Until}} {
		raw := c.Query(p.name)
		if raw == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, raw)
		if err != nil || t.Year() < 2000 || t.Year() > 9999 {
			v.Add(p.name, "must be an RFC 3339 time such as 2026-03-01T00:00:00Z")
			continue
		}
		*p.dst = t
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && !f.Since.Before(f.Until) {
		v.Add("until", "must be later than since")
	}
	return f, v.Err()
}

func knownAction(a string) bool {
	if prefix, ok := strings.CutSuffix(a, ".*"); ok {
		return prefix != "" && slices.ContainsFunc(Actions, func(x string) bool { return strings.HasPrefix(x, prefix+".") })
	}
	return slices.Contains(Actions, a)
}
