package training

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/credential"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"gorm.io/gorm"
)

// handleRegister takes a place at an event. The place is claimed with a
// conditional update of the event's count, so concurrent registrations
// never exceed the capacity on either engine.
func (s *Service) handleRegister(c *gin.Context) {
	ctx := c.Request.Context()
	userID := auth.Current(c).User.ID
	var reg registrationRow
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		ev, err := s.eventRowByID(ctx, tx, "", c.Param("eventId"))
		if err != nil {
			return err
		}
		now := s.now().UTC()
		var existing []registrationRow
		if err := tx.Where("event_id = ? AND user_id = ?", ev.ID, userID).Limit(1).Find(&existing).Error; err != nil {
			return err
		}
		switch {
		case ev.Status != EventScheduled:
			return httpx.Conflict("the event was cancelled")
		case !ev.EndsAt.After(now):
			return httpx.Conflict("the event is over")
		case len(existing) == 1 && existing[0].Status == Registered:
			return httpx.Conflict("you are already registered for this event")
		}
		res := tx.Exec("UPDATE training_events SET registered = registered + 1 WHERE id = ? AND registered < capacity", ev.ID)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return httpx.Conflict(fmt.Sprintf("the event is full (%d places)", ev.Capacity))
		}
		reg = registrationRow{EventID: ev.ID, UserID: userID, Status: Registered, RegisteredAt: now, UpdatedAt: now}
		if len(existing) == 1 {
			return tx.Model(&registrationRow{}).Where("event_id = ? AND user_id = ?", ev.ID, userID).
				Updates(map[string]any{"status": Registered, "registered_at": now, "updated_at": now}).Error
		}
		return tx.Create(&reg).Error
	})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	s.respondRegistration(c, reg, http.StatusCreated)
}

func (s *Service) respondRegistration(c *gin.Context, reg registrationRow, status int) {
	ev, err := s.eventRowByID(c.Request.Context(), s.db.W, "", reg.EventID)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	list, err := s.events(c.Request.Context(), s.db.W, []eventRow{*ev})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	out := reg.view()
	out.Event = &list[0]
	httpx.JSON(c, status, out)
}

func (s *Service) handleCancelRegistration(c *gin.Context) {
	ctx := c.Request.Context()
	userID := auth.Current(c).User.ID
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var regs []registrationRow
		if err := tx.Where("event_id = ? AND user_id = ? AND status = ?", c.Param("eventId"), userID, Registered).Limit(1).Find(&regs).Error; err != nil {
			return err
		}
		if len(regs) == 0 {
			return httpx.NotFound("registration")
		}
		if regs[0].CheckedInAt != nil {
			return httpx.Conflict("you have checked in already; the registration stays")
		}
		now := s.now().UTC()
		if err := tx.Model(&registrationRow{}).Where("event_id = ? AND user_id = ?", regs[0].EventID, userID).
			Updates(map[string]any{"status": Unregistered, "updated_at": now}).Error; err != nil {
			return err
		}
		return tx.Exec("UPDATE training_events SET registered = registered - 1 WHERE id = ?", regs[0].EventID).Error
	})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// handleMyEvents lists the caller's registrations (cancelled ones too with
// ?include=cancelled), newest first.
func (s *Service) handleMyEvents(c *gin.Context) {
	ctx := c.Request.Context()
	q := s.db.R.WithContext(ctx).Where("user_id = ?", auth.Current(c).User.ID)
	switch c.Query("include") {
	case "":
		q = q.Where("status = ?", Registered)
	case "cancelled":
	default:
		httpx.Abort(c, httpx.Invalid(httpx.FieldError{Field: "include", Message: "must be cancelled or absent"}))
		return
	}
	var regs []registrationRow
	if err := q.Order("registered_at DESC").Limit(500).Find(&regs).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	ids := make([]string, len(regs))
	for i, r := range regs {
		ids[i] = r.EventID
	}
	var rows []eventRow
	if len(ids) > 0 {
		if err := s.db.R.WithContext(ctx).Where("id IN ?", ids).Find(&rows).Error; err != nil {
			httpx.Abort(c, err)
			return
		}
	}
	evs, err := s.events(ctx, s.db.R, rows)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	byID := map[string]*Event{}
	for i := range evs {
		byID[evs[i].ID] = &evs[i]
	}
	out := make([]Registration, len(regs))
	for i, r := range regs {
		out[i] = r.view()
		out[i].Event = byID[r.EventID]
	}
	httpx.JSON(c, http.StatusOK, httpx.List[Registration]{Items: out})
}

// handleRegistrations lists an event's registrants for its organizer:
// display names only, by user id.
func (s *Service) handleRegistrations(c *gin.Context) {
	ctx := c.Request.Context()
	ev, err := s.eventRowByID(ctx, s.db.R, c.Param("orgId"), c.Param("eventId"))
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	page, err := httpx.ParsePage(c)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	var rows []registrationRow
	g := s.db.R.WithContext(ctx)
	if err := g.Where("event_id = ? AND user_id > ?", ev.ID, page.After).Order("user_id").Limit(page.Limit + 1).Find(&rows).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.UserID
	}
	names := map[string]string{}
	if len(ids) > 0 {
		var users []struct{ ID, DisplayName string }
		if err := g.Raw("SELECT id, display_name FROM users WHERE id IN ?", ids).Scan(&users).Error; err != nil {
			httpx.Abort(c, err)
			return
		}
		for _, u := range users {
			names[u.ID] = u.DisplayName
		}
	}
	out := make([]Registration, len(rows))
	for i, r := range rows {
		out[i] = r.view()
		out[i].Person = &PersonRef{ID: r.UserID, DisplayName: names[r.UserID]}
	}
	httpx.JSON(c, http.StatusOK, httpx.NewList(out, page, func(r Registration) string { return r.Person.ID }))
}

type checkInRequest struct {
	UserID string `json:"userId"`
}

// registrationOf loads a person's live registration at an event the org
// organizes.
func (s *Service) registrationOf(ctx context.Context, tx *gorm.DB, orgID, eventID, userID string) (*eventRow, *registrationRow, error) {
	ev, err := s.eventRowByID(ctx, tx, orgID, eventID)
	if err != nil {
		return nil, nil, err
	}
	var regs []registrationRow
	if err := tx.Where("event_id = ? AND user_id = ? AND status = ?", ev.ID, userID, Registered).Limit(1).Find(&regs).Error; err != nil {
		return nil, nil, err
	}
	if len(regs) == 0 {
		return nil, nil, httpx.NotFound("registration")
	}
	return ev, &regs[0], nil
}

// handleCheckIn marks a registrant present. Checking in twice is harmless
// (a door scanner may repeat itself) and keeps the first time.
func (s *Service) handleCheckIn(c *gin.Context) {
	var req checkInRequest
	if err := httpx.BindJSON(c, &req); err != nil {
		httpx.Abort(c, err)
		return
	}
	if req.UserID == "" {
		httpx.Abort(c, httpx.Invalid(httpx.FieldError{Field: "userId", Message: "is required"}))
		return
	}
	ctx := c.Request.Context()
	var reg *registrationRow
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		ev, r, err := s.registrationOf(ctx, tx, c.Param("orgId"), c.Param("eventId"), req.UserID)
		if err != nil {
			return err
		}
		reg = r
		if reg.CheckedInAt != nil {
			return nil
		}
		now := s.now().UTC()
		switch {
		case ev.Status != EventScheduled:
			return httpx.Conflict("the event was cancelled")
		case now.Before(ev.StartsAt.Add(-checkInWindow)):
			return httpx.Conflict("check-in opens 24 hours before the event starts")
		case now.After(ev.EndsAt.Add(checkInWindow)):
			return httpx.Conflict("check-in closed 24 hours after the event ended")
		}
		by := auth.Current(c).User.ID
		reg.CheckedInAt, reg.CheckedInBy = &now, &by
		return tx.Model(&registrationRow{}).Where("event_id = ? AND user_id = ?", ev.ID, req.UserID).
			Updates(map[string]any{"checked_in_at": now, "checked_in_by": by, "updated_at": now}).Error
	})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	s.respondRegistration(c, *reg, http.StatusOK)
}

type resultRequest struct {
	Rank            *int   `json:"rank"`
	Award           string `json:"award"`
	AwardCredential bool   `json:"awardCredential"`
}

// handleResult records a competitor's placing and, with awardCredential,
// issues the event's achievement credential through the credentials
// service. Issuance is one per person and event, so a retry after a
// failure finishes the job without a second credential.
func (s *Service) handleResult(c *gin.Context) {
	var req resultRequest
	if err := httpx.BindJSON(c, &req); err != nil {
		httpx.Abort(c, err)
		return
	}
	var v httpx.Validation
	req.Award = strings.TrimSpace(req.Award)
	if n := utf8.RuneCountInString(req.Award); n == 0 || n > 60 {
		v.Add("award", "must be 1 to 60 characters, such as 一等奖 First prize")
	}
	if req.Rank != nil && (*req.Rank < 1 || *req.Rank > 10000) {
		v.Add("rank", "must be a whole number from 1 to 10000")
	}
	if err := v.Err(); err != nil {
		httpx.Abort(c, err)
		return
	}
	ctx := c.Request.Context()
	orgID, userID := c.Param("orgId"), c.Param("userId")
	var ev *eventRow
	var reg *registrationRow
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if ev, reg, err = s.registrationOf(ctx, tx, orgID, c.Param("eventId"), userID); err != nil {
			return err
		}
		switch {
		case ev.Kind != KindCompetition:
			return httpx.Conflict("results are recorded for competitions only")
		case reg.CheckedInAt == nil:
			return httpx.Conflict("record results only for participants who checked in")
		case reg.CredentialID != nil && (reg.ResultAward != req.Award || !sameRank(reg.ResultRank, req.Rank)):
			return httpx.Conflict("the award credential was issued for the recorded result; revoke it before changing the result")
		}
		reg.ResultAward, reg.ResultRank = req.Award, req.Rank
		return tx.Model(&registrationRow{}).Where("event_id = ? AND user_id = ?", ev.ID, userID).
			Updates(map[string]any{"result_award": req.Award, "result_rank": req.Rank, "updated_at": s.now().UTC()}).Error
	})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	if req.AwardCredential && reg.CredentialID == nil {
		// Issued after the result commits: issuance takes the write
		// connection itself, and a retry converges on the one credential.
		refs, err := orgRefs(ctx, s.db.R, []string{ev.OrgID})
		if err != nil {
			httpx.Abort(c, err)
			return
		}
		a := credential.Achievement{EventID: ev.ID, Title: ev.Title, Organizer: refs[ev.OrgID].Name.Zh, Award: req.Award, HeldAt: ev.StartsAt}
		if req.Rank != nil {
			a.Rank = *req.Rank
		}
		evidence := fmt.Sprintf("竞赛成绩由主办方记录 Result recorded by the organizer: %s, %s", ev.Title, req.Award)
		id, _, err := s.creds.IssueAchievement(ctx, userID, auth.Current(c).User.ID, &ev.OrgID, a, evidence)
		if err != nil {
			httpx.Abort(c, err)
			return
		}
		if err := s.db.W.WithContext(ctx).Model(&registrationRow{}).Where("event_id = ? AND user_id = ?", ev.ID, userID).
			Update("credential_id", id).Error; err != nil {
			httpx.Abort(c, err)
			return
		}
		reg.CredentialID = &id
		s.log.Info("competition credential issued", "event_id", ev.ID, "credential_id", id)
	}
	s.respondRegistration(c, *reg, http.StatusOK)
}

func sameRank(a, b *int) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}
