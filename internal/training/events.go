package training

import (
	"context"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/audit"
	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/credential"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"github.com/ohtalent/ohtalent/internal/org"
	"gorm.io/gorm"
)

// Event kinds: the plan's exchange platforms.
const (
	KindSalon       = "salon"
	KindCompetition = "competition"
)

// Event and registration statuses.
const (
	EventScheduled = "scheduled"
	EventCancelled = "cancelled"

	Registered   = "registered"
	Unregistered = "cancelled"
)

// checkInWindow is how long before the start and after the end the door
// stays open for check-in.
const checkInWindow = 24 * time.Hour

type eventRow struct {
	ID          string    `gorm:"column:id;primaryKey"`
	OrgID       string    `gorm:"column:org_id"`
	Kind        string    `gorm:"column:kind"`
	Title       string    `gorm:"column:title"`
	Description string    `gorm:"column:description"`
	Place       string    `gorm:"column:place"`
	StartsAt    time.Time `gorm:"column:starts_at"`
	EndsAt      time.Time `gorm:"column:ends_at"`
	Capacity    int       `gorm:"column:capacity"`
	Registered  int       `gorm:"column:registered"`
	Status      string    `gorm:"column:status"`
	CreatedBy   string    `gorm:"column:created_by"`
	CreatedAt   time.Time `gorm:"column:created_at"`
	UpdatedAt   time.Time `gorm:"column:updated_at"`
}

func (eventRow) TableName() string { return "training_events" }

// Event is a technical salon or a developer competition. Its counts are
// aggregates; who registered is for the organizer only.
type Event struct {
	ID          string    `json:"id"`
	Org         OrgRef    `json:"org"`
	Kind        string    `json:"kind"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Place       string    `json:"place"`
	StartsAt    time.Time `json:"startsAt"`
	EndsAt      time.Time `json:"endsAt"`
	Capacity    int       `json:"capacity"`
	Registered  int       `json:"registered"`
	CheckedIn   int64     `json:"checkedIn"`
	Status      string    `json:"status"`
	CreatedAt   time.Time `json:"createdAt"`
}

// Registration is one person's place at an event.
type Registration struct {
	Event        *Event     `json:"event,omitempty"`
	Person       *PersonRef `json:"person,omitempty"`
	Status       string     `json:"status"`
	RegisteredAt time.Time  `json:"registeredAt"`
	CheckedInAt  *time.Time `json:"checkedInAt"`
	Result       *Result    `json:"result"`
}

// Result is a competitor's placing, and the credential it earned if one
// was awarded.
type Result struct {
	Rank         *int    `json:"rank"`
	Award        string  `json:"award"`
	CredentialID *string `json:"credentialId"`
}

type registrationRow struct {
	EventID      string     `gorm:"column:event_id;primaryKey"`
	UserID       string     `gorm:"column:user_id;primaryKey"`
	Status       string     `gorm:"column:status"`
	RegisteredAt time.Time  `gorm:"column:registered_at"`
	UpdatedAt    time.Time  `gorm:"column:updated_at"`
	CheckedInAt  *time.Time `gorm:"column:checked_in_at"`
	CheckedInBy  *string    `gorm:"column:checked_in_by"`
	ResultRank   *int       `gorm:"column:result_rank"`
	ResultAward  string     `gorm:"column:result_award"`
	CredentialID *string    `gorm:"column:credential_id"`
}

func (registrationRow) TableName() string { return "training_event_registrations" }

func (r registrationRow) view() Registration {
	out := Registration{Status: r.Status, RegisteredAt: r.RegisteredAt.UTC(), CheckedInAt: utcPtr(r.CheckedInAt)}
	if r.ResultAward != "" {
		out.Result = &Result{Rank: r.ResultRank, Award: r.ResultAward, CredentialID: r.CredentialID}
	}
	return out
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// events describes event rows with their organizers and check-in counts.
func (s *Service) events(ctx context.Context, g *gorm.DB, rows []eventRow) ([]Event, error) {
	out := make([]Event, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	ids, orgIDs := make([]string, len(rows)), make([]string, len(rows))
	for i, r := range rows {
		ids[i], orgIDs[i] = r.ID, r.OrgID
	}
	refs, err := orgRefs(ctx, g, orgIDs)
	if err != nil {
		return nil, err
	}
	var checked []struct {
		EventID string
		N       int64
	}
	if err := g.WithContext(ctx).Raw(`SELECT event_id, COUNT(*) AS n FROM training_event_registrations
		WHERE event_id IN ? AND checked_in_at IS NOT NULL GROUP BY event_id`, ids).Scan(&checked).Error; err != nil {
		return nil, err
	}
	n := map[string]int64{}
	for _, x := range checked {
		n[x.EventID] = x.N
	}
	for i, r := range rows {
		out[i] = Event{ID: r.ID, Org: refs[r.OrgID], Kind: r.Kind, Title: r.Title, Description: r.Description, Place: r.Place,
			StartsAt: r.StartsAt.UTC(), EndsAt: r.EndsAt.UTC(), Capacity: r.Capacity, Registered: r.Registered,
			CheckedIn: n[r.ID], Status: r.Status, CreatedAt: r.CreatedAt.UTC()}
	}
	return out, nil
}

// eventCursor orders event lists by start time, then id.
func eventCursor(e Event) string { return e.StartsAt.Format(time.RFC3339) + "|" + e.ID }

// listEvents answers a page of events matching where, soonest first.
func (s *Service) listEvents(c *gin.Context, where string, args ...any) {
	page, err := httpx.ParsePage(c)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	q := s.db.R.WithContext(c.Request.Context()).Where(where, args...)
	if page.After != "" {
		at, id, _ := strings.Cut(page.After, "|")
		t, err := time.Parse(time.RFC3339, at)
		if err != nil {
			httpx.Abort(c, httpx.Invalid(httpx.FieldError{Field: "cursor", Message: "is not a cursor this API returned; start again without it"}))
			return
		}
		q = q.Where("starts_at > ? OR (starts_at = ? AND id > ?)", t.UTC(), t.UTC(), id)
	}
	if k := c.Query("kind"); k != "" {
		if k != KindSalon && k != KindCompetition {
			httpx.Abort(c, httpx.Invalid(httpx.FieldError{Field: "kind", Message: "must be salon or competition"}))
			return
		}
		q = q.Where("kind = ?", k)
	}
	var rows []eventRow
	if err := q.Order("starts_at, id").Limit(page.Limit + 1).Find(&rows).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	list, err := s.events(c.Request.Context(), s.db.R, rows)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	httpx.JSON(c, http.StatusOK, httpx.NewList(list, page, eventCursor))
}

// handlePublicEvents lists scheduled events that have not ended; with
// ?past=true, also those that have.
func (s *Service) handlePublicEvents(c *gin.Context) {
	switch c.Query("past") {
	case "true":
		s.listEvents(c, "status = ?", EventScheduled)
	case "":
		s.listEvents(c, "status = ? AND ends_at > ?", EventScheduled, s.now().UTC())
	default:
		httpx.Abort(c, httpx.Invalid(httpx.FieldError{Field: "past", Message: "must be true or absent"}))
	}
}

func (s *Service) handleListOrgEvents(c *gin.Context) {
	s.listEvents(c, "org_id = ?", c.Param("orgId"))
}

// eventRowByID loads an event; with orgID, only one that org organizes.
func (s *Service) eventRowByID(ctx context.Context, g *gorm.DB, orgID, id string) (*eventRow, error) {
	q := g.WithContext(ctx).Where("id = ?", id)
	if orgID != "" {
		q = q.Where("org_id = ?", orgID)
	}
	var rows []eventRow
	if err := q.Limit(1).Find(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, httpx.NotFound("event")
	}
	return &rows[0], nil
}

func (s *Service) respondEvent(c *gin.Context, g *gorm.DB, row *eventRow, status int) {
	list, err := s.events(c.Request.Context(), g, []eventRow{*row})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	httpx.JSON(c, status, list[0])
}

func (s *Service) handlePublicEvent(c *gin.Context) {
	row, err := s.eventRowByID(c.Request.Context(), s.db.R, "", c.Param("eventId"))
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	s.respondEvent(c, s.db.R, row, http.StatusOK)
}

func (s *Service) handleGetOrgEvent(c *gin.Context) {
	row, err := s.eventRowByID(c.Request.Context(), s.db.R, c.Param("orgId"), c.Param("eventId"))
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	s.respondEvent(c, s.db.R, row, http.StatusOK)
}

type eventInput struct {
	Kind        *string `json:"kind"`
	Title       *string `json:"title"`
	Description *string `json:"description"`
	Place       *string `json:"place"`
	StartsAt    *string `json:"startsAt"`
	EndsAt      *string `json:"endsAt"`
	Capacity    *int    `json:"capacity"`
	Status      *string `json:"status"`
}

// apply validates the fields present onto row; create requires kind,
// title, startsAt, endsAt and capacity.
func (in *eventInput) apply(row *eventRow, create bool, now time.Time) error {
	var v httpx.Validation
	text := func(field string, p *string, min, max int, into *string) {
		if p == nil {
			if create && min > 0 {
				v.Add(field, "is required")
			}
			return
		}
		t := strings.TrimSpace(*p)
		if n := utf8.RuneCountInString(t); n < min || n > max {
			v.Add(field, "must be %d to %d characters", min, max)
		}
		*into = t
	}
	if in.Kind != nil {
		if !create {
			v.Add("kind", "cannot change; create another event")
		} else if *in.Kind != KindSalon && *in.Kind != KindCompetition {
			v.Add("kind", "must be salon or competition")
		}
		row.Kind = *in.Kind
	} else if create {
		v.Add("kind", "is required: salon or competition")
	}
	text("title", in.Title, 1, 120, &row.Title)
	text("description", in.Description, 0, 4000, &row.Description)
	text("place", in.Place, 0, 200, &row.Place)
	moment := func(field string, p *string, into *time.Time) {
		if p == nil {
			if create {
				v.Add(field, "is required")
			}
			return
		}
		t, err := time.Parse(time.RFC3339, *p)
		if err != nil {
			v.Add(field, "must be an RFC 3339 date-time such as 2026-10-24T14:00:00+08:00")
			return
		}
		*into = t.UTC().Truncate(time.Second)
	}
	moment("startsAt", in.StartsAt, &row.StartsAt)
	moment("endsAt", in.EndsAt, &row.EndsAt)
	if (in.StartsAt != nil || in.EndsAt != nil) && len(v) == 0 {
		switch {
		case in.StartsAt != nil && !row.StartsAt.After(now):
			v.Add("startsAt", "must be in the future")
		case !row.EndsAt.After(row.StartsAt):
			v.Add("endsAt", "must be after startsAt")
		case row.EndsAt.Sub(row.StartsAt) > 31*24*time.Hour:
			v.Add("endsAt", "an event lasts at most 31 days")
		}
	}
	if in.Capacity != nil {
		if *in.Capacity < 1 || *in.Capacity > 100000 {
			v.Add("capacity", "must be a whole number from 1 to 100000")
		} else if *in.Capacity < row.Registered {
			v.Add("capacity", "is below the %d people already registered", row.Registered)
		}
		row.Capacity = *in.Capacity
	} else if create {
		v.Add("capacity", "is required")
	}
	if in.Status != nil {
		if create || *in.Status != EventCancelled {
			v.Add("status", "can only be set to cancelled, on an existing event")
		}
		row.Status = *in.Status
	}
	return v.Err()
}

func (s *Service) handleCreateEvent(c *gin.Context) {
	var in eventInput
	if err := httpx.BindJSON(c, &in); err != nil {
		httpx.Abort(c, err)
		return
	}
	now := s.now().UTC()
	row := eventRow{ID: db.NewID(), OrgID: c.Param("orgId"), Status: EventScheduled, CreatedBy: auth.Current(c).User.ID, CreatedAt: now, UpdatedAt: now}
	if err := in.apply(&row, true, now); err != nil {
		httpx.Abort(c, err)
		return
	}
	ctx := c.Request.Context()
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: audit.EventCreated, OrgID: row.OrgID, TargetType: targetEvent, TargetID: row.ID,
			Details: map[string]any{"kind": row.Kind, "capacity": row.Capacity, "status": row.Status}})
	})
	if db.IsForeignKeyViolation(err) {
		err = httpx.NotFound("organization")
	}
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	c.Header("Location", "/api/v1/orgs/"+row.OrgID+"/events/"+row.ID)
	s.respondEvent(c, s.db.W, &row, http.StatusCreated)
}

func (s *Service) handleUpdateEvent(c *gin.Context) {
	var in eventInput
	if err := httpx.BindJSON(c, &in); err != nil {
		httpx.Abort(c, err)
		return
	}
	ctx := c.Request.Context()
	var row *eventRow
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if row, err = s.eventRowByID(ctx, tx, c.Param("orgId"), c.Param("eventId")); err != nil {
			return err
		}
		if row.Status == EventCancelled {
			return httpx.Conflict("the event was cancelled; create a new one")
		}
		now := s.now().UTC()
		before := *row
		if err := in.apply(row, false, now); err != nil {
			return err
		}
		var logged changeSet
		logged.note("title", row.Title != before.Title)
		logged.note("description", row.Description != before.Description)
		logged.note("place", row.Place != before.Place)
		logged.note("startsAt", !row.StartsAt.Equal(before.StartsAt))
		logged.note("endsAt", !row.EndsAt.Equal(before.EndsAt))
		logged.note("capacity", row.Capacity != before.Capacity)
		logged.status(before.Status, row.Status)
		row.UpdatedAt = now
		// The capacity check holds under concurrent registrations: the
		// update only lands while registered still fits.
		res := tx.Exec(`UPDATE training_events SET title = ?, description = ?, place = ?, starts_at = ?, ends_at = ?, capacity = ?,
			status = ?, updated_at = ? WHERE id = ? AND registered <= ?`, row.Title, row.Description, row.Place, row.StartsAt, row.EndsAt,
			row.Capacity, row.Status, row.UpdatedAt, row.ID, row.Capacity)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return httpx.Conflict("more people registered meanwhile than the new capacity allows; reload and retry")
		}
		if err := audit.Record(ctx, tx, logged.entry(audit.EventChanged, row.OrgID, targetEvent, row.ID)); err != nil {
			return err
		}
		return tx.Where("id = ?", row.ID).Take(row).Error
	})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	s.respondEvent(c, s.db.W, row, http.StatusOK)
}

// achievementTitles names the events behind event-achievement credential
// slugs (event:<id>).
func (s *Service) achievementTitles(ctx context.Context, slugs []string) (map[string]org.Text, error) {
	out := map[string]org.Text{}
	var ids []string
	for _, sl := range slugs {
		if credential.IsAchievement(sl) {
			ids = append(ids, strings.TrimPrefix(sl, credential.AchievementSlugPrefix))
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct{ ID, Title string }
	if err := s.db.R.WithContext(ctx).Raw("SELECT id, title FROM training_events WHERE id IN ?", ids).Scan(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[credential.AchievementSlugPrefix+r.ID] = org.Text{Zh: r.Title, En: r.Title}
	}
	return out, nil
}
