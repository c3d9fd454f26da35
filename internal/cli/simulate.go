package cli

import (
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/ohtalent/ohtalent/courses"
	"github.com/ohtalent/ohtalent/internal/config"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/org"
	"github.com/ohtalent/ohtalent/internal/talent"
	"gopkg.in/yaml.v3"
	"gorm.io/gorm"
)

func init() {
	register("simulate", command{summary: "fill the database with synthetic developers and credentials (scale tests)", run: runSimulate})
}

// simPlan is what one simulate run writes.
type simPlan struct {
	Developers, Credentials, Orgs, Consortiums int
	Tracks                                     []string
	MaxVersions                                int
	Seed                                       uint64
}

func runSimulate(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("simulate", stderr)
	var p simPlan
	fs.IntVar(&p.Developers, "developers", 10000, "people to create, each with at least one credential")
	fs.IntVar(&p.Credentials, "credentials", 0, "credentials to issue (default: twice --developers)")
	fs.IntVar(&p.Orgs, "orgs", 0, "organizations (default: one per 1,500 developers, at least 12)")
	fs.Uint64Var(&p.Seed, "seed", 1, "random seed: the same seed draws the same data set")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data directory for SQLite (OHT_DATA_DIR)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if p.Credentials == 0 {
		p.Credentials = 2 * p.Developers
	}
	if p.Orgs == 0 {
		p.Orgs = max(12, p.Developers/1500)
	}
	p.Consortiums = max(2, p.Orgs/15)
	var err error
	if p.Tracks, err = simTracks(simCourses(cfg)); err != nil {
		return err
	}
	p.MaxVersions = 3 // a person may re-certify on newer versions of a track
	switch {
	case p.Developers < 1 || p.Developers > 50_000_000:
		return fmt.Errorf("%w: --developers must be from 1 to 50,000,000", errUsage)
	case p.Credentials < p.Developers:
		return fmt.Errorf("%w: --credentials must be at least --developers (every developer holds one)", errUsage)
	case p.Credentials > p.Developers*len(p.Tracks)*p.MaxVersions:
		return fmt.Errorf("%w: --credentials may be at most %d per developer (%d tracks, %d versions each)",
			errUsage, len(p.Tracks)*p.MaxVersions, len(p.Tracks), p.MaxVersions)
	case p.Orgs < 4 || p.Orgs > 100_000:
		return fmt.Errorf("%w: --orgs must be from 4 to 100,000", errUsage)
	}
	d, err := db.Open(db.Options{URL: cfg.DatabaseURL, SQLitePath: cfg.SQLitePath()})
	if err != nil {
		return err
	}
	defer d.Close()
	if _, err := d.Migrate(ctx); err != nil {
		return err
	}
	if d.Dialect == db.SQLite {
		// A large page cache and in-memory sorts for one big transaction.
		for _, pragma := range []string{"PRAGMA cache_size = -262144", "PRAGMA temp_store = MEMORY"} {
			if err := d.W.Exec(pragma).Error; err != nil {
				return err
			}
		}
	}
	start := time.Now()
	var certified int64
	err = d.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := simulate(ctx, tx, p, stderr); err != nil {
			return err
		}
		bar := newProgressBar(stderr, "counting")
		if err := talent.Rebuild(ctx, tx, func(done, total int64) { bar.Set(int(done), int(total)) }); err != nil {
			return err
		}
		bar.Done()
		return tx.Raw(`SELECT COALESCE(CAST(SUM(delta) AS BIGINT), 0) FROM talent_days WHERE kind = 'city' AND day <= ?`,
			int32(talent.DayOf(time.Now()))).Row().Scan(&certified)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "simulated %d developers, %d credentials, %d orgs and %d consortiums (%s) in %s; certified developers today: %d\n",
		p.Developers, p.Credentials, p.Orgs, p.Consortiums, d.Dialect, time.Since(start).Round(100*time.Millisecond), certified)
	return nil
}

// simTracks reads the tracks' slugs from their track.yaml files; the
// simulation needs nothing else of the content.
func simTracks(fsys fs.FS) ([]string, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		raw, err := fs.ReadFile(fsys, e.Name()+"/track.yaml")
		if !e.IsDir() || err != nil {
			continue
		}
		var t struct {
			Slug string `yaml:"slug"`
		}
		if err := yaml.Unmarshal(raw, &t); err == nil && t.Slug != "" {
			out = append(out, t.Slug)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("the course content has no track.yaml with a slug")
	}
	return out, nil
}

func simCourses(cfg config.Config) fs.FS {
	if cfg.CoursesDir != "" {
		return os.DirFS(cfg.CoursesDir)
	}
	return courses.FS
}

// simulation draws the data set: plan p's random choices plus a run id that
// keeps codes, emails and ids apart from earlier runs in the same database.
type simulation struct {
	p     simPlan
	rng   *rand.Rand // the data set's shape: the same for the same seed
	ids   *rand.Rand // credential ids: unique across runs
	run   string
	now   time.Time
	orgs  []simOrg
	cum   []float64 // cumulative org weights, for drawing members
	begin time.Time
	end   time.Time
}

type simOrg struct{ id, kind string }

// Synthetic rows say what they are: issued by "simulate", with a
// placeholder instead of a signed VC-JWT (signing millions is pointless for
// a scale test), and emails under the reserved .invalid domain.
const (
	simIssuer   = "simulate"
	simJWT      = "synthetic.credential.from-ohtalent-simulate"
	simDocument = `{"synthetic":true,"note":"written by ohtalent simulate; not a signed credential"}`
)

func simulate(ctx context.Context, tx *gorm.DB, p simPlan, stderr io.Writer) error {
	var seed [16]byte
	if _, err := crand.Read(seed[:]); err != nil {
		return err
	}
	s := &simulation{p: p, rng: rand.New(rand.NewPCG(p.Seed, 0x0A7A1E47)),
		ids: rand.New(rand.NewPCG(binary.LittleEndian.Uint64(seed[:8]), binary.LittleEndian.Uint64(seed[8:]))),
		run: fmt.Sprintf("%04X", binary.LittleEndian.Uint16(seed[:2])), now: time.Now().UTC(),
		begin: time.Date(2025, 1, 1, 0, 0, 0, 0, talent.PlanZone), end: time.Date(2031, 1, 1, 0, 0, 0, 0, talent.PlanZone)}
	bar := newProgressBar(stderr, "orgs")
	if err := s.writeOrgs(tx, bar); err != nil {
		return err
	}
	bar.Done()
	var base int64
	if err := tx.Raw("UPDATE counters SET value = value + ? WHERE name = 'credential_status_index' RETURNING value", p.Credentials).
		Row().Scan(&base); err != nil {
		return err
	}
	bar = newProgressBar(stderr, "people")
	if err := s.writePeople(ctx, tx, base-int64(p.Credentials), bar); err != nil {
		return err
	}
	bar.Done()
	return nil
}

var simKinds = []struct {
	kind   string
	share  float64
	zh, en string
}{
	{org.KindUniversity, 0.30, "模拟大学", "Simulated University"},
	{org.KindVocationalCollege, 0.20, "模拟职业学院", "Simulated Vocational College"},
	{org.KindEnterprise, 0.40, "模拟科技有限公司", "Simulated Tech Co."},
	{org.KindTrainingCenter, 0.10, "模拟培训中心", "Simulated Training Center"},
}

func (s *simulation) writeOrgs(tx *gorm.DB, bar *progressBar) error {
	r := s.rng
	orgs := talent.NewBulk(tx, "orgs", []string{"id", "code", "kind", "name_zh", "name_en", "district", "created_at", "updated_at"}, "")
	weight := 0.0
	for i := range s.p.Orgs {
		k := simKinds[len(simKinds)-1]
		x, acc := r.Float64(), 0.0
		for _, c := range simKinds {
			if acc += c.share; x < acc {
				k = c
				break
			}
		}
		// Most orgs sit in the main urban districts and the two new areas.
		district := org.Districts[r.IntN(len(org.Districts))].Code
		if r.IntN(10) < 7 {
			urban := []string{"yuzhong", "jiangbei", "shapingba", "jiulongpo", "nanan", "yubei", "banan", "beibei", "liangjiang", "western-science-city"}
			district = urban[r.IntN(len(urban))]
		}
		o := simOrg{id: db.NewID(), kind: k.kind}
		s.orgs = append(s.orgs, o)
		// A few large orgs and a long tail of small ones.
		weight += 1 / math.Pow(float64(1+r.IntN(s.p.Orgs)), 0.9)
		s.cum = append(s.cum, weight)
		if err := orgs.Add(o.id, fmt.Sprintf("SIM%s-%05d", s.run, i+1), k.kind, fmt.Sprintf("%s %05d", k.zh, i+1),
			fmt.Sprintf("%s %05d", k.en, i+1), district, s.now, s.now); err != nil {
			return err
		}
		bar.Set(i+1, s.p.Orgs+s.p.Consortiums)
	}
	if err := orgs.Flush(); err != nil {
		return err
	}
	cons := talent.NewBulk(tx, "consortiums", []string{"id", "code", "name_zh", "name_en", "lead_org_id", "created_at", "updated_at"}, "")
	members := talent.NewBulk(tx, "consortium_members", []string{"consortium_id", "org_id", "created_at"}, "").After(cons)
	for i := range s.p.Consortiums {
		id, lead := db.NewID(), s.orgs[s.rng.IntN(len(s.orgs))].id
		if err := cons.Add(id, fmt.Sprintf("SIMC%s-%04d", s.run, i+1), fmt.Sprintf("模拟校企联盟 %04d", i+1),
			fmt.Sprintf("Simulated Consortium %04d", i+1), lead, s.now, s.now); err != nil {
			return err
		}
		seen := map[string]bool{lead: true}
		list := []string{lead}
		for range 4 + s.rng.IntN(11) {
			if m := s.orgs[s.rng.IntN(len(s.orgs))].id; !seen[m] {
				seen[m] = true
				list = append(list, m)
			}
		}
		for _, m := range list {
			if err := members.Add(id, m, s.now); err != nil {
				return err
			}
		}
		bar.Set(s.p.Orgs+i+1, s.p.Orgs+s.p.Consortiums)
	}
	if err := cons.Flush(); err != nil {
		return err
	}
	return members.Flush()
}

// drawOrgs picks the person's orgs: one for most, two or three for some
// (a student interning at an enterprise, a trainee of a training center).
func (s *simulation) drawOrgs() []string {
	n := 1
	if x := s.rng.Float64(); x < 0.04 {
		n = 3
	} else if x < 0.22 {
		n = 2
	}
	var out []string
	for len(out) < n {
		i, _ := slices.BinarySearch(s.cum, s.rng.Float64()*s.cum[len(s.cum)-1])
		id := s.orgs[min(i, len(s.orgs)-1)].id
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// issueTime draws from a growth curve over 2025 to 2030 (the issuance rate
// grows about fivefold) with peaks at the end of each term (June and
// December), at an office hour in Chongqing.
func (s *simulation) issueTime() time.Time {
	const k = 1.6
	x := math.Log(1+s.rng.Float64()*(math.Exp(k)-1)) / k
	t := s.begin.Add(time.Duration(x * float64(s.end.Sub(s.begin))))
	if s.rng.IntN(10) < 3 {
		month := time.June
		if s.rng.IntN(2) == 0 {
			month = time.December
		}
		t = time.Date(t.Year(), month, 1+s.rng.IntN(30), 0, 0, 0, 0, talent.PlanZone)
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 9+s.rng.IntN(9), s.rng.IntN(60), s.rng.IntN(60), 0, talent.PlanZone).UTC()
}

// credentialID makes ids shaped like real ones (26 lower-case base32
// characters) that begin with a sequence number, so that a million rows
// go into the id indexes in order instead of all over them; the other 20
// characters (100 bits) stay random.
func (s *simulation) credentialID(seq int64) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz234567"
	var b [26]byte
	for i := 5; i >= 0; i-- {
		b[i] = alphabet[seq&31]
		seq >>= 5
	}
	for i := 6; i < len(b); i++ {
		b[i] = alphabet[s.ids.IntN(32)]
	}
	return string(b[:])
}

// writePeople writes each person with memberships, credentials, their
// events and the orgs each credential counts for, streaming all of it.
func (s *simulation) writePeople(ctx context.Context, tx *gorm.DB, statusIndex int64, bar *progressBar) error {
	users := talent.NewBulk(tx, "users", []string{"id", "email", "display_name", "password_hash", "created_at", "updated_at"}, "")
	members := talent.NewBulk(tx, "memberships", []string{"id", "user_id", "org_id", "role", "status", "created_at", "updated_at"}, "").After(users)
	creds := talent.NewBulk(tx, "credentials", []string{"id", "user_id", "track_slug", "track_version", "org_id", "status_index", "status",
		"kid", "jwt", "document", "issued_by", "evidence", "issued_at", "valid_from", "valid_until", "status_changed_at"}, "").After(users)
	events := talent.NewBulk(tx, "credential_events", []string{"id", "credential_id", "action", "reason", "actor_id", "created_at"}, "").After(creds)
	attrs := talent.NewBulk(tx, "talent_credential_orgs", []string{"credential_id", "org_id"}, "").After(creds)
	r := s.rng
	perPerson := len(s.p.Tracks) * s.p.MaxVersions
	left := s.p.Credentials
	for i := range s.p.Developers {
		if i%10000 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		// Exactly --credentials in all: each person gets about the average
		// still to give, sometimes one more or less.
		people := s.p.Developers - i
		n := left / people
		if r.Float64() < float64(left%people)/float64(people) {
			n++
		}
		if r.IntN(3) == 0 {
			n += r.IntN(3) - 1
		}
		n = max(1, min(n, perPerson, left-(people-1)))
		n = max(n, left-(people-1)*perPerson)
		left -= n

		uid := db.NewID()
		first := s.issueTime()
		joined := first.Add(-time.Duration(30+r.IntN(300)) * 24 * time.Hour)
		if err := users.Add(uid, fmt.Sprintf("sim-%s-%07d@simulate.invalid", strings.ToLower(s.run), i+1),
			fmt.Sprintf("模拟开发者 %07d", i+1), "", joined, joined); err != nil {
			return err
		}
		orgs := s.drawOrgs()
		for _, o := range orgs {
			if err := members.Add(db.NewID(), uid, o, "student", "active", joined, joined); err != nil {
				return err
			}
		}
		order := r.Perm(len(s.p.Tracks))
		for j := range n {
			track, version := s.p.Tracks[order[j%len(order)]], 1+j/len(order)
			issued := first
			if j > 0 {
				issued = first.Add(time.Duration(30+r.IntN(540)) * 24 * time.Hour)
				if !issued.Before(s.end) {
					issued = first.Add(time.Duration(r.Int64N(int64(s.end.Sub(first)))))
				}
			}
			if err := s.writeCredential(uid, track, version, orgs, issued, statusIndex, creds, events, attrs); err != nil {
				return err
			}
			statusIndex++
		}
		bar.Set(i+1, s.p.Developers)
	}
	for _, b := range []*talent.Bulk{users, members, creds, events, attrs} {
		if err := b.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// writeCredential writes one credential with a realistic life: most expire
// three years after issuance, some after one, some never; a few are
// revoked, and some suspended, most of those reinstated weeks later.
func (s *simulation) writeCredential(uid, track string, version int, orgs []string, issued time.Time, statusIndex int64,
	creds, events, attrs *talent.Bulk) error {
	r := s.rng
	id := s.credentialID(statusIndex)
	var until *time.Time
	switch x := r.IntN(10); {
	case x < 7:
		u := issued.AddDate(3, 0, 0)
		until = &u
	case x < 8:
		u := issued.AddDate(1, 0, 0)
		until = &u
	}
	var orgID *string
	if r.IntN(100) < 15 {
		orgID = &orgs[r.IntN(len(orgs))]
	}
	life := 4 * 365 * 24 * time.Hour
	if until != nil {
		life = until.Sub(issued)
	}
	at := func(after time.Time) time.Time { return after.Add(time.Duration(r.Int64N(int64(life/2))) + time.Hour) }
	type ev struct {
		action string
		at     time.Time
	}
	evs := []ev{{"issue", issued}}
	status := "active"
	switch x := r.IntN(1000); {
	case x < 15:
		evs = append(evs, ev{"revoke", at(issued)})
		status = "revoked"
	case x < 45:
		suspended := at(issued)
		evs = append(evs, ev{"suspend", suspended})
		status = "suspended"
		if r.IntN(10) < 6 {
			evs = append(evs, ev{"reinstate", suspended.Add(time.Duration(7+r.IntN(114)) * 24 * time.Hour)})
			status = "active"
		}
	}
	var changed *time.Time
	if len(evs) > 1 {
		changed = &evs[len(evs)-1].at
	}
	if err := creds.Add(id, uid, track, version, orgID, statusIndex, status, simIssuer, simJWT, simDocument, simIssuer,
		"synthetic data from ohtalent simulate", issued, issued, until, changed); err != nil {
		return err
	}
	for _, e := range evs {
		reason := ""
		if e.action != "issue" {
			reason = "simulated " + e.action
		}
		if err := events.Add(db.NewID(), id, e.action, reason, simIssuer, e.at); err != nil {
			return err
		}
	}
	counted := slices.Clone(orgs)
	if orgID != nil && !slices.Contains(counted, *orgID) {
		counted = append(counted, *orgID)
	}
	for _, o := range counted {
		if err := attrs.Add(id, o); err != nil {
			return err
		}
	}
	return nil
}
