package talent

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/ohtalent/ohtalent/internal/audit"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"gorm.io/gorm"
)

// Settings are what counts as certified: the qualifying tracks (empty:
// every catalog track).
type Settings struct {
	QualifyingTracks []string `json:"qualifyingTracks"`
	// CertifiedDevelopers is today's count under these settings (under
	// the previous ones while Rebuilding).
	CertifiedDevelopers int64 `json:"certifiedDevelopers"`
	// Rebuilding: a change is accepted and its recount still runs (on the
	// replica that answers); it takes effect, whole, when the recount
	// commits.
	Rebuilding bool `json:"rebuilding"`
}

func (s *Service) settings(ctx context.Context, g *gorm.DB) (Settings, error) {
	var tracks string
	if err := g.WithContext(ctx).Raw("SELECT qualifying_tracks FROM talent_state WHERE id = 1").Row().Scan(&tracks); err != nil {
		return Settings{}, err
	}
	out := Settings{QualifyingTracks: []string{}}
	if tracks != "" {
		out.QualifyingTracks = strings.Split(tracks, ",")
	}
	today := DayOf(s.now())
	h, err := loadHistory(ctx, g, Scope{KindCity, ""}, today)
	if err != nil {
		return out, err
	}
	out.CertifiedDevelopers, err = h.at(ctx, g, today)
	return out, err
}

func (s *Service) handleGetSettings(c *gin.Context) {
	out, err := s.settings(c.Request.Context(), s.db.R)
	if err != nil {
		httpx.Abort(c, err)
		return
	}
	out.Rebuilding = s.recounts.Load() > 0
	httpx.JSON(c, http.StatusOK, out)
}

type settingsInput struct {
	QualifyingTracks *[]string `json:"qualifyingTracks"`
}

// handlePutSettings changes the qualifying tracks and recounts everything
// (applyTracks), answering 200 when the recount is done within
// settingsWait and 202 while it still runs.
func (s *Service) handlePutSettings(c *gin.Context) {
	var in settingsInput
	if err := httpx.BindJSON(c, &in); err != nil {
		httpx.Abort(c, err)
		return
	}
	var v httpx.Validation
	if in.QualifyingTracks == nil {
		v.Add("qualifyingTracks", "is required: a list of track slugs, or [] for every track")
	}
	var tracks []string
	if in.QualifyingTracks != nil {
		if len(*in.QualifyingTracks) > 100 {
			v.Add("qualifyingTracks", "may list at most 100 tracks")
		}
		cat := s.cat.Catalog()
		for i, t := range *in.QualifyingTracks {
			if cat.Track(t) == nil {
				v.Add(fmt.Sprintf("qualifyingTracks[%d]", i), "is not a track of the catalog")
			}
			tracks = append(tracks, t)
		}
	}
	if err := v.Err(); err != nil {
		httpx.Abort(c, err)
		return
	}
	slices.Sort(tracks)
	tracks = slices.Compact(tracks)
	// The recount runs on without the request: at hundreds of thousands of
	// people it can outlast the client's patience and the server's write
	// timeout, and it commits whole or not at all either way.
	ctx := context.WithoutCancel(c.Request.Context())
	type result struct {
		out Settings
		err error
	}
	done := make(chan result, 1)
	go func() {
		out, err := s.applyTracks(ctx, tracks)
		done <- result{out, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			httpx.Abort(c, r.err)
			return
		}
		httpx.JSON(c, http.StatusOK, r.out)
	case <-time.After(s.settingsWait):
		out, err := s.settings(c.Request.Context(), s.db.R)
		if err != nil {
			httpx.Abort(c, err)
			return
		}
		out.QualifyingTracks, out.Rebuilding = append([]string{}, tracks...), true
		httpx.JSON(c, http.StatusAccepted, out)
	}
}

// defaultSettingsWait is how long a settings change waits for its recount
// before answering 202 and letting it finish on its own.
const defaultSettingsWait = 20 * time.Second

// SetSettingsWait changes that wait (tests make a recount outlast it).
func (s *Service) SetSettingsWait(d time.Duration) { s.settingsWait = d }

// applyTracks stores the qualifying tracks and recounts everything in the
// same transaction, so the counts never mix two definitions.
func (s *Service) applyTracks(ctx context.Context, tracks []string) (Settings, error) {
	start := time.Now()
	var out Settings
	s.recounts.Add(1)
	defer s.recounts.Add(-1)
	s.changedHere()
	err := s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("UPDATE talent_state SET qualifying_tracks = ? WHERE id = 1", strings.Join(tracks, ",")).Error; err != nil {
			return err
		}
		if err := Rebuild(ctx, tx, nil); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{Action: audit.QualifyingChanged, TargetType: "talent_settings",
			Details: map[string]any{"qualifyingTracks": tracks}}); err != nil {
			return err
		}
		var err error
		out, err = s.settings(ctx, tx)
		return err
	})
	if err != nil {
		s.log.Error("qualifying tracks not changed", "error", err.Error())
		return out, err
	}
	s.changedHere()
	s.log.Info("qualifying tracks changed; counts rebuilt", "tracks", len(tracks), "seconds", time.Since(start).Seconds())
	return out, nil
}
