package talent

import (
	"context"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/audit"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"github.com/ohtalent/ohtalent/internal/org"
	"gorm.io/gorm"
)

// Goal scope kinds: who a goal counts.
const (
	GoalCity       = "city"
	GoalDistrict   = "district"
	GoalConsortium = "consortium"
	GoalOrg        = "org"
)

// GoalScope says who a goal counts; Name is filled for display.
type GoalScope struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
	Name Text   `json:"name"`
}

// Goal is a target number of certified developers by a deadline (the last
// day that counts, in the plan's time zone).
type Goal struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Target    int64     `json:"target"`
	Deadline  string    `json:"deadline"`
	Scope     GoalScope `json:"scope"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

type goalRow struct {
	ID        string    `gorm:"column:id;primaryKey"`
	Name      string    `gorm:"column:name"`
	Target    int64     `gorm:"column:target"`
	Deadline  string    `gorm:"column:deadline"`
	ScopeKind string    `gorm:"column:scope_kind"`
	ScopeID   string    `gorm:"column:scope_id"`
	CreatedAt time.Time `gorm:"column:created_at"`
	UpdatedAt time.Time `gorm:"column:updated_at"`
}

func (goalRow) TableName() string { return "talent_goals" }

func (r goalRow) goal(dir *directory) Goal {
	return Goal{ID: r.ID, Name: r.Name, Target: r.Target, Deadline: r.Deadline,
		Scope:     GoalScope{Kind: r.ScopeKind, ID: r.ScopeID, Name: dir.scopeName(r.ScopeKind, r.ScopeID)},
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

// counted is the scope of the maintained counts a goal reads.
func (r goalRow) counted() Scope {
	if r.ScopeKind == GoalCity {
		return Scope{KindCity, ""}
	}
	return Scope{r.ScopeKind, r.ScopeID} // district, consortium and org share their names
}

// scopeName names a goal's scope in both languages.
func (dir *directory) scopeName(kind, id string) Text {
	switch kind {
	case GoalCity:
		return Text{"全市", "Whole city"}
	case GoalDistrict:
		return districtLabel(id)
	case GoalConsortium:
		return dir.consortiums[id].Name
	case GoalOrg:
		return dir.orgs[id].Name
	}
	return Text{}
}

func districtLabel(code string) Text {
	for _, d := range org.Districts {
		if d.Code == code {
			return Text{d.Name.Zh, d.Name.En}
		}
	}
	return Text{code, code}
}

func (s *Service) loadGoals(ctx context.Context) ([]goalRow, error) {
	var rows []goalRow
	err := s.db.R.WithContext(ctx).Order("deadline, target, id").Find(&rows).Error
	return rows, err
}

// Goal limits.
const (
	maxGoalName   = 100
	maxGoalTarget = 100_000_000
)

type goalInput struct {
	Name     *string `json:"name"`
	Target   *int64  `json:"target"`
	Deadline *string `json:"deadline"`
	Scope    *struct {
		Kind string `json:"kind"`
		ID   string `json:"id"`
	} `json:"scope"`
}

// validate checks the fields present (all are required to create) and
// returns the changes to store.
func (s *Service) validateGoal(ctx context.Context, in *goalInput, create bool) (map[string]any, error) {
	var v httpx.Validation
	changes := map[string]any{}
	if in.Name != nil {
		n := strings.TrimSpace(*in.Name)
		if n == "" || utf8.RuneCountInString(n) > maxGoalName {
			v.Add("name", "give a name of 1 to %d characters", maxGoalName)
		}
		changes["name"] = n
	} else if create {
		v.Add("name", "is required")
	}
	if in.Target != nil {
		if *in.Target < 1 || *in.Target > maxGoalTarget {
			v.Add("target", "must be a whole number of developers from 1 to %d", maxGoalTarget)
		}
		changes["target"] = *in.Target
	} else if create {
		v.Add("target", "is required")
	}
	if in.Deadline != nil {
		d, err := time.Parse(time.DateOnly, *in.Deadline)
		today := DayOf(s.now())
		switch {
		case err != nil:
			v.Add("deadline", "must be a date written YYYY-MM-DD")
		case DayOfDate(d.Date()) < today:
			v.Add("deadline", "is in the past; a goal needs a deadline of %s or later", today)
		case d.Year() > maxYear:
			v.Add("deadline", "must be %d-12-31 or earlier", maxYear)
		}
		changes["deadline"] = *in.Deadline
	} else if create {
		v.Add("deadline", "is required")
	}
	if in.Scope != nil {
		sc := in.Scope
		switch sc.Kind {
		case GoalCity:
			if sc.ID != "" {
				v.Add("scope.id", "must be empty for the whole city")
			}
		case GoalDistrict:
			if !org.ValidDistrict(sc.ID) {
				v.Add("scope.id", "must be a district code from GET /api/v1/districts")
			}
		case GoalConsortium, GoalOrg:
			table := map[string]string{GoalConsortium: "consortiums", GoalOrg: "orgs"}[sc.Kind]
			var n int64
			if err := s.db.R.WithContext(ctx).Table(table).Where("id = ?", sc.ID).Count(&n).Error; err != nil {
				return nil, err
			}
			if n == 0 {
				v.Add("scope.id", "is not an existing %s", map[string]string{GoalConsortium: "consortium", GoalOrg: "organization"}[sc.Kind])
			}
		default:
			v.Add("scope.kind", "must be city, district, consortium or org")
		}
		changes["scope_kind"], changes["scope_id"] = sc.Kind, sc.ID
	} else if create {
		v.Add("scope", "is required: {\"kind\": \"city\"} or a district, consortium or org with its id")
	}
	return changes, v.Err()
}

// touch moves the version that cached answers are keyed on.
func (s *Service) touch(tx *gorm.DB) error {
	s.changedHere()
	return tx.Exec("UPDATE talent_state SET version = version + 1 WHERE id = 1").Error
}

func (s *Service) handleListGoals(c *gin.Context) {
	ctx := c.Request.Context()
	rows, err := s.loadGoals(ctx)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	dir, err := s.directory(ctx, false)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	out := make([]Goal, len(rows))
	for i, r := range rows {
		out[i] = r.goal(dir)
	}
	httpx.JSON(c, http.StatusOK, httpx.List[Goal]{Items: out})
}

func (s *Service) handleCreateGoal(c *gin.Context) {
	var in goalInput
	if err := httpx.BindJSON(c, &in); err != nil {
		httpx.Abort(c, err)
		return
	}
	ctx := c.Request.Context()
	changes, err := s.validateGoal(ctx, &in, true)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	now := s.now().UTC()
	row := goalRow{ID: db.NewID(), Name: changes["name"].(string), Target: changes["target"].(int64),
		Deadline: changes["deadline"].(string), ScopeKind: changes["scope_kind"].(string), ScopeID: changes["scope_id"].(string),
		CreatedAt: now, UpdatedAt: now}
	err = s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, goalEntry(audit.GoalCreated, row.ID, row.Target, row.Deadline)); err != nil {
			return err
		}
		return s.touch(tx)
	})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	s.answerGoal(c, http.StatusCreated, row)
}

func (s *Service) handleUpdateGoal(c *gin.Context) {
	var in goalInput
	if err := httpx.BindJSON(c, &in); err != nil {
		httpx.Abort(c, err)
		return
	}
	ctx := c.Request.Context()
	changes, err := s.validateGoal(ctx, &in, false)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	changes["updated_at"] = s.now().UTC()
	var row goalRow
	err = s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&goalRow{}).Where("id = ?", c.Param("goalId")).Updates(changes)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return httpx.NotFound("goal")
		}
		if err := tx.Where("id = ?", c.Param("goalId")).Take(&row).Error; err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, goalEntry(audit.GoalChanged, row.ID, row.Target, row.Deadline)); err != nil {
			return err
		}
		return s.touch(tx)
	})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	s.answerGoal(c, http.StatusOK, row)
}

func (s *Service) answerGoal(c *gin.Context, status int, row goalRow) {
	dir, err := s.directory(c.Request.Context(), true)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	if status == http.StatusCreated {
		c.Header("Location", "/api/v1/goals/"+row.ID)
	}
	httpx.JSON(c, status, row.goal(dir))
}

func (s *Service) handleDeleteGoal(c *gin.Context) {
	ctx := c.Request.Context()
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Where("id = ?", c.Param("goalId")).Delete(&goalRow{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return httpx.NotFound("goal")
		}
		if err := audit.Record(ctx, tx, audit.Entry{Action: audit.GoalDeleted, TargetType: "goal", TargetID: c.Param("goalId")}); err != nil {
			return err
		}
		return s.touch(tx)
	})
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// goalEntry is a goal change for the audit log: the figures the city
// reports against, so a changed target or deadline can be traced.
func goalEntry(action, id string, target int64, deadline string) audit.Entry {
	return audit.Entry{Action: action, TargetType: "goal", TargetID: id, Details: map[string]any{"target": target, "deadline": deadline}}
}
