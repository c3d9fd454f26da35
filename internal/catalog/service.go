package catalog

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"sync/atomic"

	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/db"
)

// Service serves the catalog and records learners' progress. The loaded
// content is immutable; a reload builds a whole new snapshot (catalog plus
// rendered HTML) and swaps it in atomically, so a request sees one version.
type Service struct {
	db      *db.DB
	current atomic.Pointer[snapshot]
	source  func() fs.FS // where reloads read from; nil when content is embedded
	lint    LintOptions

	reloadMu sync.Mutex
	hooks    []func(ctx context.Context, userID string, track *Track)
}

// snapshot is one loaded version of the content with its rendered pages.
type snapshot struct {
	cat        *Catalog
	lessonHTML map[*Lesson]Text
	labHTML    map[*Lab]Text
}

// New builds the service over already loaded content. reloadFrom, when not
// nil, is the folder that an admin reload reads again.
func New(d *db.DB, cat *Catalog, reloadFrom func() fs.FS, lint LintOptions) (*Service, error) {
	s := &Service{db: d, source: reloadFrom, lint: lint}
	snap, err := render(cat)
	if err != nil {
		return nil, err
	}
	s.current.Store(snap)
	return s, nil
}

// Catalog returns the content currently served.
func (s *Service) Catalog() *Catalog { return s.current.Load().cat }

// OnCertificateRule registers a hook called when a learner's scores satisfy
// a track's certificate rule (the credentials feature issues there).
func (s *Service) OnCertificateRule(h func(ctx context.Context, userID string, track *Track)) {
	s.hooks = append(s.hooks, h)
}

func render(cat *Catalog) (*snapshot, error) {
	snap := &snapshot{cat: cat, lessonHTML: map[*Lesson]Text{}, labHTML: map[*Lab]Text{}}
	var errs []error
	both := func(t Text) Text {
		zh, err := RenderMarkdown(t.Zh)
		errs = append(errs, err)
		en := ""
		if t.En != "" {
			en, err = RenderMarkdown(t.En)
			errs = append(errs, err)
		}
		return Text{Zh: zh, En: en}
	}
	for _, t := range cat.Tracks {
		for _, l := range t.Lessons() {
			snap.lessonHTML[l] = both(l.Markdown)
		}
		for _, l := range t.Labs() {
			snap.labHTML[l] = both(l.Statement)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("render course Markdown: %w", err)
	}
	return snap, nil
}

// ErrEmbedded means there is no folder to reload from.
var ErrEmbedded = errors.New("the course content is embedded in the binary; set OHT_COURSES_DIR to reload from a folder")

// Reload lints the content folder again and swaps it in only when it has no
// problems; otherwise the current content stays and the problems are
// returned.
func (s *Service) Reload(ctx context.Context) (Stats, error) {
	if s.source == nil {
		return Stats{}, ErrEmbedded
	}
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	cat, err := LintLoad(s.source(), s.lint)
	if err != nil {
		return Stats{}, err
	}
	snap, err := render(cat)
	if err != nil {
		return Stats{}, err
	}
	s.current.Store(snap)
	return cat.Stats(), nil
}

// Routes registers the catalog and progress routes.
func (s *Service) Routes(r *auth.Router) {
	r.GET("/tracks", auth.Public(), s.listTracks)
	r.GET("/tracks/:track", auth.Public(), s.getTrack)
	r.GET("/tracks/:track/lessons/:lesson", auth.Public(), s.getLesson)
	r.PUT("/tracks/:track/lessons/:lesson/completion", auth.Authenticated(), s.completeLesson)
	r.POST("/tracks/:track/enrollment", auth.Authenticated(), s.enroll)
	r.GET("/tracks/:track/progress", auth.Authenticated(), s.trackProgress)
	r.GET("/labs/:lab", auth.Public(), s.getLab)
	r.GET("/me/progress", auth.Authenticated(), s.myProgress)
	r.POST("/admin/courses/reload", auth.PlatformAdmin(), s.reload)
}
