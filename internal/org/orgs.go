// Package org owns organizations (universities, colleges, enterprises,
// training centers), their memberships, and school-enterprise consortiums.
package org

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"gorm.io/gorm"
)

// Text is a bilingual label, Chinese first.
type Text struct {
	Zh string `json:"zh"`
	En string `json:"en"`
}

// Kinds of organization.
const (
	KindUniversity        = "university"
	KindVocationalCollege = "vocational_college"
	KindEnterprise        = "enterprise"
	KindTrainingCenter    = "training_center"
)

// Kinds lists the valid kinds.
var Kinds = []string{KindUniversity, KindVocationalCollege, KindEnterprise, KindTrainingCenter}

// Org is an organization.
type Org struct {
	ID        string    `gorm:"column:id;primaryKey" json:"id"`
	Code      string    `gorm:"column:code" json:"code"`
	Kind      string    `gorm:"column:kind" json:"kind"`
	NameZh    string    `gorm:"column:name_zh" json:"-"`
	NameEn    string    `gorm:"column:name_en" json:"-"`
	Name      Text      `gorm:"-" json:"name"`
	District  string    `gorm:"column:district" json:"district"`
	CreatedAt time.Time `gorm:"column:created_at" json:"createdAt"`
	UpdatedAt time.Time `gorm:"column:updated_at" json:"updatedAt"`
}

func (Org) TableName() string { return "orgs" }

// AfterFind fills the JSON name from its columns.
func (o *Org) AfterFind(*gorm.DB) error {
	o.Name = Text{Zh: o.NameZh, En: o.NameEn}
	return nil
}

var codePattern = regexp.MustCompile(`^[A-Z0-9][A-Z0-9-]{1,31}$`)

// checkText validates a bilingual name into v under field.
func checkText(v *httpx.Validation, field string, t *Text, required bool) {
	t.Zh, t.En = strings.TrimSpace(t.Zh), strings.TrimSpace(t.En)
	if required && t.Zh == "" {
		v.Add(field+".zh", "is required")
	}
	if utf8.RuneCountInString(t.Zh) > 120 {
		v.Add(field+".zh", "must be at most 120 characters")
	}
	if utf8.RuneCountInString(t.En) > 200 {
		v.Add(field+".en", "must be at most 200 characters")
	}
}

type orgInput struct {
	Code     *string `json:"code"`
	Kind     *string `json:"kind"`
	Name     *Text   `json:"name"`
	District *string `json:"district"`
}

// validate checks the fields present; create requires code, kind and name.
func (in *orgInput) validate(create bool) error {
	var v httpx.Validation
	if in.Code != nil {
		c := strings.ToUpper(strings.TrimSpace(*in.Code))
		in.Code = &c
		if !codePattern.MatchString(c) {
			v.Add("code", "must be 2 to 32 letters, digits or hyphens, such as CQU or CQ-SOFT")
		}
	} else if create {
		v.Add("code", "is required")
	}
	if in.Kind != nil {
		if !slices.Contains(Kinds, *in.Kind) {
			v.Add("kind", "must be one of %s", strings.Join(Kinds, ", "))
		}
	} else if create {
		v.Add("kind", "is required")
	}
	if in.Name != nil {
		checkText(&v, "name", in.Name, true)
	} else if create {
		v.Add("name.zh", "is required")
	}
	if in.District != nil && *in.District != "" && !ValidDistrict(*in.District) {
		v.Add("district", "must be a district code from GET /api/v1/districts")
	}
	return v.Err()
}

func (s *Service) listOrgs(c *gin.Context) {
	page, err := httpx.ParsePage(c)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	q := s.db.R.WithContext(c.Request.Context()).Where("id > ?", page.After)
	if k := c.Query("kind"); k != "" {
		if !slices.Contains(Kinds, k) {
			httpx.Abort(c, httpx.Invalid(httpx.FieldError{Field: "kind", Message: "must be one of " + strings.Join(Kinds, ", ")}))
			return
		}
		q = q.Where("kind = ?", k)
	}
	var rows []Org
	if err := q.Order("id").Limit(page.Limit + 1).Find(&rows).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	httpx.JSON(c, http.StatusOK, httpx.NewList(rows, page, func(o Org) string { return o.ID }))
}

// Get returns an org by id.
func (s *Service) Get(ctx context.Context, id string) (*Org, error) {
	var o Org
	err := s.db.R.WithContext(ctx).Where("id = ?", id).Take(&o).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, httpx.NotFound("organization")
	}
	return &o, err
}

func (s *Service) getOrg(c *gin.Context) {
	o, err := s.Get(c.Request.Context(), c.Param("orgId"))
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	httpx.JSON(c, http.StatusOK, o)
}

// Create stores a new org (used by the API, the CLI and demo data).
func (s *Service) Create(ctx context.Context, code, kind string, name Text, district string) (*Org, error) {
	in := orgInput{Code: &code, Kind: &kind, Name: &name, District: &district}
	if err := in.validate(true); err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	o := &Org{ID: db.NewID(), Code: *in.Code, Kind: kind, NameZh: name.Zh, NameEn: name.En, Name: name,
		District: district, CreatedAt: now, UpdatedAt: now}
	if err := s.db.W.WithContext(ctx).Create(o).Error; err != nil {
		if db.IsUniqueViolation(err) {
			return nil, httpx.Conflict("an organization with code " + o.Code + " already exists")
		}
		return nil, err
	}
	return o, nil
}

func (s *Service) createOrg(c *gin.Context) {
	var in orgInput
	if err := httpx.BindJSON(c, &in); err != nil {
		httpx.Abort(c, err)
		return
	}
	if err := in.validate(true); err != nil {
		httpx.Abort(c, err)
		return
	}
	district := ""
	if in.District != nil {
		district = *in.District
	}
	o, err := s.Create(c.Request.Context(), *in.Code, *in.Kind, *in.Name, district)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	c.Header("Location", "/api/v1/orgs/"+o.ID)
	httpx.JSON(c, http.StatusCreated, o)
}

func (s *Service) updateOrg(c *gin.Context) {
	var in orgInput
	if err := httpx.BindJSON(c, &in); err != nil {
		httpx.Abort(c, err)
		return
	}
	if err := in.validate(false); err != nil {
		httpx.Abort(c, err)
		return
	}
	ctx := c.Request.Context()
	id := c.Param("orgId")
	changes := map[string]any{"updated_at": time.Now().UTC()}
	if in.Code != nil {
		changes["code"] = *in.Code
	}
	if in.Kind != nil {
		changes["kind"] = *in.Kind
	}
	if in.Name != nil {
		changes["name_zh"], changes["name_en"] = in.Name.Zh, in.Name.En
	}
	if in.District != nil {
		changes["district"] = *in.District
	}
	res := s.db.W.WithContext(ctx).Model(&Org{}).Where("id = ?", id).Updates(changes)
	if db.IsUniqueViolation(res.Error) {
		httpx.Abort(c, httpx.Conflict("another organization already uses that code"))
		return
	}
	if res.Error != nil {
		httpx.Abort(c, res.Error)
		return
	}
	if res.RowsAffected == 0 {
		httpx.Abort(c, httpx.NotFound("organization"))
		return
	}
	var o Org
	if err := s.db.W.WithContext(ctx).Where("id = ?", id).Take(&o).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	httpx.JSON(c, http.StatusOK, o)
}

func (s *Service) listDistricts(c *gin.Context) {
	httpx.JSON(c, http.StatusOK, httpx.List[District]{Items: Districts})
}
