package org

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/audit"
	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"gorm.io/gorm"
)

// membership is the memberships row.
type membership struct {
	ID        string    `gorm:"column:id;primaryKey"`
	UserID    string    `gorm:"column:user_id"`
	OrgID     string    `gorm:"column:org_id"`
	Role      string    `gorm:"column:role"`
	Status    string    `gorm:"column:status"`
	CreatedAt time.Time `gorm:"column:created_at"`
	UpdatedAt time.Time `gorm:"column:updated_at"`
}

func (membership) TableName() string { return "memberships" }

// Member is a membership as an org admin sees it.
type Member struct {
	ID          string    `json:"id"`
	UserID      string    `json:"userId"`
	Email       string    `json:"email"`
	DisplayName string    `json:"displayName"`
	Role        string    `json:"role"`
	Status      string    `json:"status"`
	CreatedAt   time.Time `json:"createdAt"`
}

const memberSelect = `SELECT m.id, m.user_id, u.email, u.display_name, m.role, m.status, m.created_at
	FROM memberships m JOIN users u ON u.id = m.user_id`

func (s *Service) listMembers(c *gin.Context) {
	page, err := httpx.ParsePage(c)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	q := memberSelect + " WHERE m.org_id = ? AND m.id > ?"
	args := []any{c.Param("orgId"), page.After}
	if r := c.Query("role"); r != "" {
		if !auth.ValidOrgRole(r) {
			httpx.Abort(c, httpx.Invalid(httpx.FieldError{Field: "role", Message: "is not an organization role"}))
			return
		}
		q += " AND m.role = ?"
		args = append(args, r)
	}
	if st := c.Query("status"); st != "" {
		if st != auth.MemberActive && st != auth.MemberInactive {
			httpx.Abort(c, httpx.Invalid(httpx.FieldError{Field: "status", Message: "must be active or inactive"}))
			return
		}
		q += " AND m.status = ?"
		args = append(args, st)
	}
	q += " ORDER BY m.id LIMIT ?"
	args = append(args, page.Limit+1)
	rows := []Member{}
	if err := s.db.R.WithContext(c.Request.Context()).Raw(q, args...).Scan(&rows).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	httpx.JSON(c, http.StatusOK, httpx.NewList(rows, page, func(m Member) string { return m.ID }))
}

type addMemberRequest struct {
	Email           string  `json:"email"`
	Role            string  `json:"role"`
	DisplayName     *string `json:"displayName"`
	InitialPassword *string `json:"initialPassword"`
}

// AddMember gives a person a role in an org. When no account has the
// email yet, one is created with displayName and initialPassword (which
// the org hands to the person); both are then required.
func (s *Service) AddMember(ctx context.Context, orgID, email, role string, displayName, initialPassword *string) (*Member, error) {
	var v httpx.Validation
	normEmail, ok := auth.NormalizeEmail(email)
	if !ok {
		v.Add("email", "must be a valid email address")
	}
	if !auth.ValidOrgRole(role) {
		v.Add("role", "must be one of org_admin, instructor, student, enterprise_verifier")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *Member
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		u, err := auth.UserByEmail(ctx, tx, normEmail)
		if errors.Is(err, auth.ErrNoUser) {
			var v httpx.Validation
			if displayName == nil {
				v.Add("displayName", "is required when the person has no account yet")
			}
			if initialPassword == nil {
				v.Add("initialPassword", "is required when the person has no account yet")
			}
			if err := v.Err(); err != nil {
				return err
			}
			u, err = auth.CreateUser(ctx, tx, auth.NewUser{Email: normEmail, DisplayName: *displayName, Password: *initialPassword})
			if err != nil {
				return renameField(err, "password", "initialPassword")
			}
		} else if err != nil {
			return err
		}
		now := time.Now().UTC()
		m := membership{ID: db.NewID(), UserID: u.ID, OrgID: orgID, Role: role, Status: auth.MemberActive, CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(&m).Error; err != nil {
			if db.IsUniqueViolation(err) {
				return httpx.Conflict("this person already has the role " + role + " in this organization")
			}
			if db.IsForeignKeyViolation(err) {
				return httpx.NotFound("organization")
			}
			return err
		}
		out = &Member{ID: m.ID, UserID: u.ID, Email: u.Email, DisplayName: u.DisplayName, Role: role, Status: m.Status, CreatedAt: now}
		return audit.Record(ctx, tx, audit.Entry{Action: audit.MemberAdded, OrgID: orgID, TargetType: "membership", TargetID: m.ID,
			Details: map[string]any{"userId": u.ID, "role": role}})
	})
	return out, err
}

func renameField(err error, from, to string) error {
	var p *httpx.Problem
	if errors.As(err, &p) {
		for i := range p.Errors {
			if p.Errors[i].Field == from {
				p.Errors[i].Field = to
			}
		}
	}
	return err
}

func (s *Service) addMember(c *gin.Context) {
	var req addMemberRequest
	if err := httpx.BindJSON(c, &req); err != nil {
		httpx.Abort(c, err)
		return
	}
	m, err := s.AddMember(c.Request.Context(), c.Param("orgId"), req.Email, req.Role, req.DisplayName, req.InitialPassword)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	httpx.JSON(c, http.StatusCreated, m)
}

// memberInOrg loads a membership only if it belongs to orgID: a member id
// from another org is "not found" here, never someone else's data.
func (s *Service) memberInOrg(ctx context.Context, tx *gorm.DB, orgID, memberID string) (*membership, error) {
	var m membership
	err := tx.WithContext(ctx).Where("id = ? AND org_id = ?", memberID, orgID).Take(&m).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, httpx.NotFound("member")
	}
	return &m, err
}

type updateMemberRequest struct {
	Role   *string `json:"role"`
	Status *string `json:"status"`
}

func (s *Service) updateMember(c *gin.Context) {
	var req updateMemberRequest
	if err := httpx.BindJSON(c, &req); err != nil {
		httpx.Abort(c, err)
		return
	}
	var v httpx.Validation
	if req.Role != nil && !auth.ValidOrgRole(*req.Role) {
		v.Add("role", "must be one of org_admin, instructor, student, enterprise_verifier")
	}
	if req.Status != nil && *req.Status != auth.MemberActive && *req.Status != auth.MemberInactive {
		v.Add("status", "must be active or inactive")
	}
	if err := v.Err(); err != nil {
		httpx.Abort(c, err)
		return
	}
	ctx := c.Request.Context()
	orgID, memberID := c.Param("orgId"), c.Param("memberId")
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		m, err := s.memberInOrg(ctx, tx, orgID, memberID)
		if err != nil {
			return err
		}
		losesAdmin := m.Role == string(auth.RoleOrgAdmin) && m.Status == auth.MemberActive &&
			((req.Role != nil && *req.Role != m.Role) || (req.Status != nil && *req.Status != auth.MemberActive))
		if losesAdmin {
			if err := ensureAnotherAdmin(tx, orgID, m.ID); err != nil {
				return err
			}
		}
		changes := map[string]any{"updated_at": time.Now().UTC()}
		if req.Role != nil {
			changes["role"] = *req.Role
		}
		if req.Status != nil {
			changes["status"] = *req.Status
		}
		if err := tx.Model(&membership{}).Where("id = ?", m.ID).Updates(changes).Error; err != nil {
			if db.IsUniqueViolation(err) {
				return httpx.Conflict("this person already has that role in this organization")
			}
			return err
		}
		details := map[string]any{"userId": m.UserID, "role": m.Role, "status": m.Status}
		if req.Role != nil && *req.Role != m.Role {
			details["role"], details["previousRole"] = *req.Role, m.Role
		}
		if req.Status != nil && *req.Status != m.Status {
			details["status"], details["previousStatus"] = *req.Status, m.Status
		}
		if len(details) == 3 {
			return nil // nothing changed: nothing to log
		}
		return audit.Record(ctx, tx, audit.Entry{Action: audit.MemberChanged, OrgID: orgID, TargetType: "membership", TargetID: m.ID, Details: details})
	})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	var out Member
	if err := s.db.W.WithContext(ctx).Raw(memberSelect+" WHERE m.id = ?", memberID).Scan(&out).Error; err != nil {
		httpx.Abort(c, err)
		return
	}
	httpx.JSON(c, http.StatusOK, out)
}

func (s *Service) removeMember(c *gin.Context) {
	ctx := c.Request.Context()
	orgID, memberID := c.Param("orgId"), c.Param("memberId")
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		m, err := s.memberInOrg(ctx, tx, orgID, memberID)
		if err != nil {
			return err
		}
		if m.Role == string(auth.RoleOrgAdmin) && m.Status == auth.MemberActive {
			if err := ensureAnotherAdmin(tx, orgID, m.ID); err != nil {
				return err
			}
		}
		if err := tx.Where("id = ?", m.ID).Delete(&membership{}).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: audit.MemberRemoved, OrgID: orgID, TargetType: "membership", TargetID: m.ID,
			Details: map[string]any{"userId": m.UserID, "role": m.Role}})
	})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// ensureAnotherAdmin refuses a change that would leave an org with no
// active admin, which would lock it out of its own console.
func ensureAnotherAdmin(tx *gorm.DB, orgID, exceptID string) error {
	var n int64
	err := tx.Model(&membership{}).Where("org_id = ? AND role = ? AND status = ? AND id <> ?",
		orgID, auth.RoleOrgAdmin, auth.MemberActive, exceptID).Count(&n).Error
	if err != nil {
		return err
	}
	if n == 0 {
		return httpx.Conflict(strings.TrimSpace("this is the organization's last active admin; make someone else org_admin first"))
	}
	return nil
}
