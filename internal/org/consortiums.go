package org

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"gorm.io/gorm"
)

// Consortium is a school-enterprise consortium: a lead org and members.
type Consortium struct {
	ID        string    `json:"id"`
	Code      string    `json:"code"`
	Name      Text      `json:"name"`
	LeadOrgID string    `json:"leadOrgId"`
	Members   []Org     `json:"members"`
	CreatedAt time.Time `json:"createdAt"`
}

type consortiumRow struct {
	ID        string    `gorm:"column:id;primaryKey"`
	Code      string    `gorm:"column:code"`
	NameZh    string    `gorm:"column:name_zh"`
	NameEn    string    `gorm:"column:name_en"`
	LeadOrgID string    `gorm:"column:lead_org_id"`
	CreatedAt time.Time `gorm:"column:created_at"`
	UpdatedAt time.Time `gorm:"column:updated_at"`
}

func (consortiumRow) TableName() string { return "consortiums" }

type consortiumMember struct {
	ConsortiumID string    `gorm:"column:consortium_id;primaryKey"`
	OrgID        string    `gorm:"column:org_id;primaryKey"`
	CreatedAt    time.Time `gorm:"column:created_at"`
}

func (consortiumMember) TableName() string { return "consortium_members" }

type consortiumInput struct {
	Code         *string  `json:"code"`
	Name         *Text    `json:"name"`
	LeadOrgID    *string  `json:"leadOrgId"`
	MemberOrgIDs []string `json:"memberOrgIds"`
}

func (in *consortiumInput) validate(create bool) error {
	var v httpx.Validation
	if in.Code != nil {
		c := strings.ToUpper(strings.TrimSpace(*in.Code))
		in.Code = &c
		if !codePattern.MatchString(c) {
			v.Add("code", "must be 2 to 32 letters, digits or hyphens")
		}
	} else if create {
		v.Add("code", "is required")
	}
	if in.Name != nil {
		checkText(&v, "name", in.Name, true)
	} else if create {
		v.Add("name.zh", "is required")
	}
	if create && (in.LeadOrgID == nil || *in.LeadOrgID == "") {
		v.Add("leadOrgId", "is required")
	}
	if len(in.MemberOrgIDs) > 500 {
		v.Add("memberOrgIds", "may list at most 500 organizations")
	}
	return v.Err()
}

// load assembles consortiums with their member orgs.
func (s *Service) loadConsortiums(ctx context.Context, g *gorm.DB, rows []consortiumRow) ([]Consortium, error) {
	out := make([]Consortium, 0, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var links []struct {
		ConsortiumID string
		Org
	}
	err := g.WithContext(ctx).Raw(`SELECT cm.consortium_id, o.* FROM consortium_members cm JOIN orgs o ON o.id = cm.org_id
		WHERE cm.consortium_id IN ? ORDER BY o.code`, ids).Scan(&links).Error
	if err != nil {
		return nil, err
	}
	members := map[string][]Org{}
	for _, l := range links {
		o := l.Org
		o.Name = Text{Zh: o.NameZh, En: o.NameEn}
		members[l.ConsortiumID] = append(members[l.ConsortiumID], o)
	}
	for _, r := range rows {
		ms := members[r.ID]
		if ms == nil {
			ms = []Org{}
		}
		out = append(out, Consortium{ID: r.ID, Code: r.Code, Name: Text{Zh: r.NameZh, En: r.NameEn},
			LeadOrgID: r.LeadOrgID, Members: ms, CreatedAt: r.CreatedAt})
	}
	return out, nil
}

func (s *Service) listConsortiums(c *gin.Context) {
	page, err := httpx.ParsePage(c)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	ctx := c.Request.Context()
	var rows []consortiumRow
	if err := s.db.R.WithContext(ctx).Where("id > ?", page.After).Order("id").Limit(page.Limit + 1).Find(&rows).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	list, err := s.loadConsortiums(ctx, s.db.R, rows)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	httpx.JSON(c, http.StatusOK, httpx.NewList(list, page, func(x Consortium) string { return x.ID }))
}

// GetConsortium returns one consortium with its members.
func (s *Service) GetConsortium(ctx context.Context, g *gorm.DB, id string) (*Consortium, error) {
	var rows []consortiumRow
	if err := g.WithContext(ctx).Where("id = ?", id).Limit(1).Find(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, httpx.NotFound("consortium")
	}
	list, err := s.loadConsortiums(ctx, g, rows)
	if err != nil {
		return nil, err
	}
	return &list[0], nil
}

func (s *Service) getConsortium(c *gin.Context) {
	x, err := s.GetConsortium(c.Request.Context(), s.db.R, c.Param("consortiumId"))
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	httpx.JSON(c, http.StatusOK, x)
}

// CreateConsortium stores a consortium; the lead org is always a member.
func (s *Service) CreateConsortium(ctx context.Context, code string, name Text, leadOrgID string, memberOrgIDs []string) (*Consortium, error) {
	in := consortiumInput{Code: &code, Name: &name, LeadOrgID: &leadOrgID, MemberOrgIDs: memberOrgIDs}
	if err := in.validate(true); err != nil {
		return nil, err
	}
	var out *Consortium
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		now := time.Now().UTC()
		row := consortiumRow{ID: db.NewID(), Code: *in.Code, NameZh: name.Zh, NameEn: name.En, LeadOrgID: leadOrgID, CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			if db.IsUniqueViolation(err) {
				return httpx.Conflict("a consortium with code " + row.Code + " already exists")
			}
			if db.IsForeignKeyViolation(err) {
				return httpx.Invalid(httpx.FieldError{Field: "leadOrgId", Message: "is not an existing organization"})
			}
			return err
		}
		ids := append([]string{leadOrgID}, memberOrgIDs...)
		slices.Sort(ids)
		for _, id := range slices.Compact(ids) {
			if err := tx.Create(&consortiumMember{ConsortiumID: row.ID, OrgID: id, CreatedAt: now}).Error; err != nil {
				if db.IsForeignKeyViolation(err) {
					return httpx.Invalid(httpx.FieldError{Field: "memberOrgIds", Message: "entry " + id + " is not an existing organization"})
				}
				return err
			}
		}
		var err error
		out, err = s.GetConsortium(ctx, tx, row.ID)
		return err
	})
	return out, err
}

func (s *Service) createConsortium(c *gin.Context) {
	var in consortiumInput
	if err := httpx.BindJSON(c, &in); err != nil {
		httpx.Abort(c, err)
		return
	}
	if err := in.validate(true); err != nil {
		httpx.Abort(c, err)
		return
	}
	x, err := s.CreateConsortium(c.Request.Context(), *in.Code, *in.Name, *in.LeadOrgID, in.MemberOrgIDs)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	c.Header("Location", "/api/v1/consortiums/"+x.ID)
	httpx.JSON(c, http.StatusCreated, x)
}

func (s *Service) updateConsortium(c *gin.Context) {
	var in consortiumInput
	if err := httpx.BindJSON(c, &in); err != nil {
		httpx.Abort(c, err)
		return
	}
	if err := in.validate(false); err != nil {
		httpx.Abort(c, err)
		return
	}
	if in.MemberOrgIDs != nil {
		httpx.Abort(c, httpx.Invalid(httpx.FieldError{Field: "memberOrgIds", Message: "change members through /consortiums/{id}/members"}))
		return
	}
	ctx := c.Request.Context()
	id := c.Param("consortiumId")
	var out *Consortium
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		changes := map[string]any{"updated_at": time.Now().UTC()}
		if in.Code != nil {
			changes["code"] = *in.Code
		}
		if in.Name != nil {
			changes["name_zh"], changes["name_en"] = in.Name.Zh, in.Name.En
		}
		if in.LeadOrgID != nil {
			changes["lead_org_id"] = *in.LeadOrgID
		}
		res := tx.Model(&consortiumRow{}).Where("id = ?", id).Updates(changes)
		switch {
		case db.IsUniqueViolation(res.Error):
			return httpx.Conflict("another consortium already uses that code")
		case db.IsForeignKeyViolation(res.Error):
			return httpx.Invalid(httpx.FieldError{Field: "leadOrgId", Message: "is not an existing organization"})
		case res.Error != nil:
			return res.Error
		case res.RowsAffected == 0:
			return httpx.NotFound("consortium")
		}
		if in.LeadOrgID != nil {
			// A new lead joins the members if it was not one already.
			err := tx.Exec(`INSERT INTO consortium_members (consortium_id, org_id, created_at) VALUES (?, ?, ?)
				ON CONFLICT (consortium_id, org_id) DO NOTHING`, id, *in.LeadOrgID, time.Now().UTC()).Error
			if err != nil {
				return err
			}
		}
		var err error
		out, err = s.GetConsortium(ctx, tx, id)
		return err
	})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	httpx.JSON(c, http.StatusOK, out)
}

type addConsortiumMemberRequest struct {
	OrgID string `json:"orgId"`
}

func (s *Service) addConsortiumMember(c *gin.Context) {
	var req addConsortiumMemberRequest
	if err := httpx.BindJSON(c, &req); err != nil {
		httpx.Abort(c, err)
		return
	}
	if req.OrgID == "" {
		httpx.Abort(c, httpx.Invalid(httpx.FieldError{Field: "orgId", Message: "is required"}))
		return
	}
	ctx := c.Request.Context()
	id := c.Param("consortiumId")
	var out *Consortium
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if _, err := s.GetConsortium(ctx, tx, id); err != nil {
			return err
		}
		err := tx.Create(&consortiumMember{ConsortiumID: id, OrgID: req.OrgID, CreatedAt: time.Now().UTC()}).Error
		switch {
		case db.IsUniqueViolation(err):
			return httpx.Conflict("this organization is already a member")
		case db.IsForeignKeyViolation(err):
			return httpx.Invalid(httpx.FieldError{Field: "orgId", Message: "is not an existing organization"})
		case err != nil:
			return err
		}
		out, err = s.GetConsortium(ctx, tx, id)
		return err
	})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	httpx.JSON(c, http.StatusCreated, out)
}

func (s *Service) removeConsortiumMember(c *gin.Context) {
	ctx := c.Request.Context()
	id, orgID := c.Param("consortiumId"), c.Param("orgId")
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		x, err := s.GetConsortium(ctx, tx, id)
		if err != nil {
			return err
		}
		if x.LeadOrgID == orgID {
			return httpx.Conflict("the lead organization cannot leave; make another member the lead first")
		}
		res := tx.Where("consortium_id = ? AND org_id = ?", id, orgID).Delete(&consortiumMember{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return httpx.NotFound("consortium member")
		}
		return nil
	})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
