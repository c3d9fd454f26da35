// Package catalog holds the course model (tracks, modules, lessons, labs),
// loads it from the files under courses/ (see courses/README.md, the
// contract for that format) and lints it.
//
// A loaded Catalog is immutable and shared by all requests: never modify a
// Track, Lesson or Lab that you got from it.
//
// Some lab fields must never reach a learner: reference solutions, hidden
// tests, quiz answers (and explanations before a submission). They are
// tagged `json:"-"` on the model types, and handlers should serve
// Lab.PublicLab, which copies only what a learner may see.
package catalog

import (
	"fmt"
	"iter"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Text is a bilingual string that learners see. Zh is always present in a
// loaded catalog; En may be empty.
type Text struct {
	Zh string `json:"zh"`
	En string `json:"en"`
}

// In returns the text in the given language ("en" or anything else for
// Chinese), falling back to Chinese when there is no English text.
func (t Text) In(lang string) string {
	if strings.HasPrefix(strings.ToLower(lang), "en") && t.En != "" {
		return t.En
	}
	return t.Zh
}

// Level is a track's level.
type Level string

// Track levels, from entry level up.
const (
	LevelFoundation Level = "foundation"
	LevelAdvanced   Level = "advanced"
	LevelSpecialist Level = "specialist"
)

func (l Level) rank() int {
	switch l {
	case LevelFoundation:
		return 0
	case LevelAdvanced:
		return 1
	case LevelSpecialist:
		return 2
	}
	return -1
}

// LabKind says how a lab is graded.
type LabKind string

// Lab kinds.
const (
	KindCode     LabKind = "code"     // graded in the sandbox against tests
	KindQuiz     LabKind = "quiz"     // graded against answers in lab.yaml
	KindExternal LabKind = "external" // graded by an external runner
)

// QuestionType is the type of a quiz question.
type QuestionType string

// Question types.
const (
	QuestionSingle   QuestionType = "single"
	QuestionMultiple QuestionType = "multiple"
	QuestionNumeric  QuestionType = "numeric"
	QuestionText     QuestionType = "text"
)

// Track is a course: an ordered list of modules and the rule for earning its
// certificate.
type Track struct {
	Slug           string          `json:"slug"`
	Version        int             `json:"version"`
	Title          Text            `json:"title"`
	Summary        Text            `json:"summary"`
	Level          Level           `json:"level"`
	EstimatedHours int             `json:"estimatedHours"`
	Outcomes       []Text          `json:"outcomes"`
	Modules        []*Module       `json:"modules"`
	Certificate    CertificateRule `json:"certificate"`
	// Dir is the track's folder in the content file system.
	Dir string `json:"-"`

	lessons map[string]*Lesson
	labs    map[string]*Lab
}

// CertificateRule says when a learner earns a track's certificate: every
// lab in Labs must be passed, and the sum of the best scores over those labs
// must reach Threshold percent of the sum of their max scores.
type CertificateRule struct {
	Labs      []string `json:"labs"`
	Threshold int      `json:"threshold"`
}

// Module is a part of a track: lessons to read and labs to complete, in
// teaching order.
type Module struct {
	Slug    string    `json:"slug"`
	Title   Text      `json:"title"`
	Summary Text      `json:"summary"`
	Lessons []*Lesson `json:"lessons"`
	Labs    []*Lab    `json:"labs"`
	// Dir is the module's folder in the content file system.
	Dir string `json:"-"`
}

// Lesson is a Markdown page. Markdown holds the source (Chinese body, and
// the English body if there is one), without front matter; render it with
// RenderMarkdown.
type Lesson struct {
	Track    string `json:"track"`
	Module   string `json:"module"`
	Slug     string `json:"slug"`
	Title    Text   `json:"title"`
	Minutes  int    `json:"minutes"`
	Markdown Text   `json:"markdown"`
	// Source is the Chinese file (with the front matter); SourceEn the
	// English one, or "".
	Source   string `json:"-"`
	SourceEn string `json:"-"`

	bodyLine int // line of Source where the Markdown body starts
}

// Lab is an exercise that is graded. Which fields are set depends on Kind.
//
// Fields tagged `json:"-"` must not be served to learners; use PublicLab.
type Lab struct {
	Track       string  `json:"track"`
	Module      string  `json:"module"`
	Slug        string  `json:"slug"`
	Kind        LabKind `json:"kind"`
	Title       Text    `json:"title"`
	MaxScore    int     `json:"maxScore"`
	PassScore   int     `json:"passScore"`
	TimeLimitMs int     `json:"timeLimitMs,omitempty"`
	// Statement is the Markdown source of statement.md (and statement.en.md).
	Statement Text `json:"statement"`

	// Code labs. Files lists the file names the learner edits, in order;
	// Starter maps each of them to its starting content.
	Files       []string          `json:"files,omitempty"`
	Starter     map[string]string `json:"starter,omitempty"`
	PublicTests string            `json:"publicTests,omitempty"`

	// Quiz labs. The questions carry their answers; see PublicQuestion.
	Questions []Question `json:"questions,omitempty"`

	// External labs: the runner kind that may claim the lab's jobs, and the
	// command it runs.
	Runner  string `json:"runner,omitempty"`
	Command string `json:"command,omitempty"`

	// External labs: the files of grader/, which the runner gets beside the
	// learner's files. Never served.
	Assets map[string]string `json:"-"`

	// Secrets of code labs: never served.
	Solution    map[string]string `json:"-"` // file name -> reference solution
	HiddenTests string            `json:"-"`

	// Dir is the lab's folder in the content file system.
	Dir string `json:"-"`
}

// Ref returns the lab's platform-wide reference, "<track>/<lab>".
func (l *Lab) Ref() string { return l.Track + "/" + l.Slug }

// PublicTestsFile and HiddenTestsFile are the names that code-lab tests have
// under tests/; graders use them in messages and stack traces.
const (
	PublicTestsFile = "public.test.ts"
	HiddenTestsFile = "hidden.test.ts"
)

// Question is a quiz question with its answer. Answer and Explanation are
// not serialized: serve PublicQuestion before a submission and add the
// explanation to the result after it.
type Question struct {
	ID          string       `json:"id"`
	Type        QuestionType `json:"type"`
	Prompt      Text         `json:"prompt"`
	Options     []Option     `json:"options,omitempty"`
	Points      int          `json:"points"`
	Answer      Answer       `json:"-"`
	Explanation Text         `json:"-"`
}

// Option is a choice of a single or multiple question; it serializes as
// {"id", "zh", "en"} like in lab.yaml.
type Option struct {
	ID string `json:"id"`
	Text
}

// Answer is the expected answer of a question. Which fields are set depends
// on the question type.
type Answer struct {
	Choice     string   // single: the option id
	Choices    []string // multiple: the option ids (the chosen set must equal it)
	Value      float64  // numeric
	Tolerance  float64  // numeric: |given - Value| <= Tolerance
	Pattern    string   // text: Go (RE2) regular expression
	IgnoreCase bool     // text

	re *regexp.Regexp
}

// Regexp returns the compiled pattern of a text answer (with IgnoreCase
// applied), or nil for other types.
func (a *Answer) Regexp() *regexp.Regexp { return a.re }

// PublicLab is what a learner may see of a lab: no solution, no hidden
// tests, no answers, no explanations.
type PublicLab struct {
	Track       string            `json:"track"`
	Module      string            `json:"module"`
	Slug        string            `json:"slug"`
	Kind        LabKind           `json:"kind"`
	Title       Text              `json:"title"`
	MaxScore    int               `json:"maxScore"`
	PassScore   int               `json:"passScore"`
	TimeLimitMs int               `json:"timeLimitMs,omitempty"`
	Statement   Text              `json:"statement"`
	Files       []string          `json:"files,omitempty"`
	Starter     map[string]string `json:"starter,omitempty"`
	PublicTests string            `json:"publicTests,omitempty"`
	Questions   []PublicQuestion  `json:"questions,omitempty"`
	Runner      string            `json:"runner,omitempty"`
}

// PublicQuestion is a question without its answer and explanation.
type PublicQuestion struct {
	ID      string       `json:"id"`
	Type    QuestionType `json:"type"`
	Prompt  Text         `json:"prompt"`
	Options []Option     `json:"options,omitempty"`
	Points  int          `json:"points"`
}

// PublicLab returns a copy of the lab without its secrets. The copy shares
// no slice or map with the catalog.
func (l *Lab) PublicLab() PublicLab {
	p := PublicLab{
		Track:       l.Track,
		Module:      l.Module,
		Slug:        l.Slug,
		Kind:        l.Kind,
		Title:       l.Title,
		MaxScore:    l.MaxScore,
		PassScore:   l.PassScore,
		TimeLimitMs: l.TimeLimitMs,
		Statement:   l.Statement,
		Files:       slices.Clone(l.Files),
		Starter:     maps.Clone(l.Starter),
		PublicTests: l.PublicTests,
		Runner:      l.Runner,
	}
	for _, q := range l.Questions {
		p.Questions = append(p.Questions, q.Public())
	}
	return p
}

// Public returns the question without its answer and explanation.
func (q *Question) Public() PublicQuestion {
	return PublicQuestion{
		ID:      q.ID,
		Type:    q.Type,
		Prompt:  q.Prompt,
		Options: slices.Clone(q.Options),
		Points:  q.Points,
	}
}

// Lesson returns the track's lesson with that slug, or nil.
func (t *Track) Lesson(slug string) *Lesson { return t.lessons[slug] }

// Lab returns the track's lab with that slug, or nil.
func (t *Track) Lab(slug string) *Lab { return t.labs[slug] }

// Lessons returns the track's lessons in teaching order.
func (t *Track) Lessons() []*Lesson {
	var out []*Lesson
	for _, m := range t.Modules {
		out = append(out, m.Lessons...)
	}
	return out
}

// Labs returns the track's labs in teaching order.
func (t *Track) Labs() []*Lab {
	var out []*Lab
	for _, m := range t.Modules {
		out = append(out, m.Labs...)
	}
	return out
}

// Module returns the track's module with that slug, or nil.
func (t *Track) Module(slug string) *Module {
	for _, m := range t.Modules {
		if m.Slug == slug {
			return m
		}
	}
	return nil
}

// CertificateMaxScore returns the sum of the max scores of the labs named by
// the certificate rule.
func (t *Track) CertificateMaxScore() int {
	sum := 0
	for _, s := range t.Certificate.Labs {
		if l := t.labs[s]; l != nil {
			sum += l.MaxScore
		}
	}
	return sum
}

// Catalog is the loaded course content. Tracks are ordered by level
// (foundation, advanced, specialist), then by slug.
type Catalog struct {
	Tracks []*Track

	bySlug    map[string]*Track
	labBySlug map[string]*Lab
}

func newCatalog(tracks []*Track) *Catalog {
	sort.SliceStable(tracks, func(i, j int) bool {
		a, b := tracks[i], tracks[j]
		if a.Level.rank() != b.Level.rank() {
			return a.Level.rank() < b.Level.rank()
		}
		return a.Slug < b.Slug
	})
	c := &Catalog{Tracks: tracks, bySlug: make(map[string]*Track, len(tracks)), labBySlug: map[string]*Lab{}}
	for _, t := range tracks {
		if _, dup := c.bySlug[t.Slug]; !dup {
			c.bySlug[t.Slug] = t
		}
		for _, l := range t.Labs() {
			if _, dup := c.labBySlug[l.Slug]; !dup {
				c.labBySlug[l.Slug] = l
			}
		}
	}
	return c
}

// LabBySlug returns the lab with that slug in any track (lab slugs are
// unique across the catalog), or nil.
func (c *Catalog) LabBySlug(slug string) *Lab { return c.labBySlug[slug] }

// Track returns the track with that slug, or nil.
func (c *Catalog) Track(slug string) *Track { return c.bySlug[slug] }

// Lab returns the lab of that track, or nil.
func (c *Catalog) Lab(trackSlug, labSlug string) *Lab {
	if t := c.bySlug[trackSlug]; t != nil {
		return t.labs[labSlug]
	}
	return nil
}

// LabByRef returns the lab named by a "<track>/<lab>" reference, or nil.
func (c *Catalog) LabByRef(ref string) *Lab {
	track, lab, ok := strings.Cut(ref, "/")
	if !ok {
		return nil
	}
	return c.Lab(track, lab)
}

// Lesson returns the lesson of that track, or nil.
func (c *Catalog) Lesson(trackSlug, lessonSlug string) *Lesson {
	if t := c.bySlug[trackSlug]; t != nil {
		return t.lessons[lessonSlug]
	}
	return nil
}

// Labs iterates over every lab of the catalog with its track, in catalog
// and teaching order.
func (c *Catalog) Labs() iter.Seq2[*Track, *Lab] {
	return func(yield func(*Track, *Lab) bool) {
		for _, t := range c.Tracks {
			for _, m := range t.Modules {
				for _, l := range m.Labs {
					if !yield(t, l) {
						return
					}
				}
			}
		}
	}
}

// Stats counts what a catalog holds.
type Stats struct {
	Tracks     int             `json:"tracks"`
	Modules    int             `json:"modules"`
	Lessons    int             `json:"lessons"`
	Labs       int             `json:"labs"`
	LabsByKind map[LabKind]int `json:"labsByKind"`
}

// Stats counts the catalog's tracks, modules, lessons and labs.
func (c *Catalog) Stats() Stats {
	s := Stats{LabsByKind: map[LabKind]int{}}
	for _, t := range c.Tracks {
		s.Tracks++
		for _, m := range t.Modules {
			s.Modules++
			s.Lessons += len(m.Lessons)
			for _, l := range m.Labs {
				s.Labs++
				s.LabsByKind[l.Kind]++
			}
		}
	}
	return s
}

// String reads like "2 tracks, 8 modules, 30 lessons, 16 labs (8 code, 8
// quiz, 0 external)".
func (s Stats) String() string {
	return fmt.Sprintf("%s, %s, %s, %s (%d code, %d quiz, %d external)",
		countNoun(s.Tracks, "track"), countNoun(s.Modules, "module"),
		countNoun(s.Lessons, "lesson"), countNoun(s.Labs, "lab"),
		s.LabsByKind[KindCode], s.LabsByKind[KindQuiz], s.LabsByKind[KindExternal])
}

func countNoun(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// AllLabs lists every lab of the catalog in catalog and teaching order.
func (c *Catalog) AllLabs() []*Lab {
	var out []*Lab
	for _, l := range c.Labs() {
		out = append(out, l)
	}
	return out
}
