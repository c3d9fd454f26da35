package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ohtalent/ohtalent/courses"
	"github.com/ohtalent/ohtalent/internal/config"
)

func TestCatalogServesTheCurriculum(t *testing.T) {
	k := newKit(t)
	list := k.must(200, k.do("GET", "/api/v1/tracks", "", nil)).JSON(t)
	items := list["items"].([]any)
	if len(items) < 3 {
		t.Fatalf("%d tracks, want at least 3", len(items))
	}
	modules, lessons, labs := 0, 0, 0
	for _, it := range items {
		tr := it.(map[string]any)
		slug := tr["slug"].(string)
		d := k.must(200, k.do("GET", "/api/v1/tracks/"+slug, "", nil)).JSON(t)
		for _, m := range d["modules"].([]any) {
			mod := m.(map[string]any)
			modules++
			kinds := map[string]int{}
			for _, l := range mod["lessons"].([]any) {
				lessons++
				ls := l.(map[string]any)["slug"].(string)
				page := k.must(200, k.do("GET", "/api/v1/tracks/"+slug+"/lessons/"+ls, "", nil)).JSON(t)
				html := page["html"].(string)
				if len(html) < 200 || strings.Contains(html, "<script") {
					t.Errorf("lesson %s/%s: html too short or unsafe", slug, ls)
				}
			}
			for _, l := range mod["labs"].([]any) {
				labs++
				kinds[l.(map[string]any)["kind"].(string)]++
			}
			if kinds["code"] < 1 || kinds["quiz"] < 1 {
				t.Errorf("module %s/%s lacks a code lab or a quiz: %v", slug, mod["slug"], kinds)
			}
		}
	}
	if modules < 12 || lessons < 36 || labs < 24 {
		t.Fatalf("curriculum has %d modules, %d lessons, %d labs; want at least 12, 36, 24", modules, lessons, labs)
	}
	k.expectProblem(k.do("GET", "/api/v1/tracks/no-such-track", "", nil), 404, "not-found")
	k.expectProblem(k.do("GET", "/api/v1/tracks/app-foundation/lessons/no-such-lesson", "", nil), 404, "not-found")
	k.expectProblem(k.do("GET", "/api/v1/labs/no-such-lab", "", nil), 404, "not-found")
}

// TestNoRouteLeaksSecrets fetches every lab and checks that no hidden test,
// reference solution or quiz explanation appears in what a student gets.
func TestNoRouteLeaksSecrets(t *testing.T) {
	k := newKit(t)
	_, student := k.user("curious@example.cn", "好奇的学生")
	cat := k.srv.Catalog.Catalog()
	checked := 0
	for _, lab := range cat.AllLabs() {
		r := k.must(200, k.do("GET", "/api/v1/labs/"+lab.Slug, student, nil))
		body := string(r.Body)
		for _, sol := range lab.Solution {
			if strings.Contains(body, strings.TrimSpace(sol)) {
				t.Errorf("lab %s leaks its solution", lab.Slug)
			}
		}
		if lab.HiddenTests != "" && strings.Contains(body, strings.TrimSpace(lab.HiddenTests)[:60]) {
			t.Errorf("lab %s leaks its hidden tests", lab.Slug)
		}
		for _, q := range lab.Questions {
			if q.Explanation.Zh != "" && strings.Contains(body, q.Explanation.Zh) {
				t.Errorf("lab %s leaks the explanation of %s", lab.Slug, q.ID)
			}
			if strings.Contains(body, `"answer"`) {
				t.Errorf("lab %s serves an answer field", lab.Slug)
			}
		}
		checked++
	}
	if checked < 24 {
		t.Fatalf("checked %d labs", checked)
	}
}

func TestEnrollmentAndLessonProgress(t *testing.T) {
	k := newKit(t)
	_, tok := k.user("learner@example.cn", "学习者")
	k.expectProblem(k.do("POST", "/api/v1/tracks/app-foundation/enrollment", "", nil), 401, "unauthorized")
	p := k.must(201, k.do("POST", "/api/v1/tracks/app-foundation/enrollment", tok, nil)).JSON(t)
	lessonsTotal := 0
	for _, m := range k.srv.Catalog.Catalog().Track("app-foundation").Modules {
		lessonsTotal += len(m.Lessons)
	}
	if p["enrolled"] != true || int(p["lessonsTotal"].(float64)) != lessonsTotal || p["labsRequired"].(float64) != 8 {
		t.Fatalf("progress after enrolling: %v", p)
	}
	k.must(200, k.do("POST", "/api/v1/tracks/app-foundation/enrollment", tok, nil))
	detail := k.must(200, k.do("GET", "/api/v1/tracks/app-foundation", "", nil)).JSON(t)
	first := detail["modules"].([]any)[0].(map[string]any)["lessons"].([]any)[0].(map[string]any)["slug"].(string)
	for i := 0; i < 2; i++ { // completing twice counts once
		p = k.must(200, k.do("PUT", "/api/v1/tracks/app-foundation/lessons/"+first+"/completion", tok, nil)).JSON(t)
	}
	if p["lessonsCompleted"].(float64) != 1 {
		t.Fatalf("lessons completed: %v", p["lessonsCompleted"])
	}
	// Completing a lesson of another track enrolls there too.
	other := k.must(200, k.do("GET", "/api/v1/tracks/distributed-dev", "", nil)).JSON(t)
	ol := other["modules"].([]any)[0].(map[string]any)["lessons"].([]any)[0].(map[string]any)["slug"].(string)
	k.must(200, k.do("PUT", "/api/v1/tracks/distributed-dev/lessons/"+ol+"/completion", tok, nil))
	mine := k.must(200, k.do("GET", "/api/v1/me/progress", tok, nil)).JSON(t)
	if n := len(mine["items"].([]any)); n != 2 {
		t.Fatalf("%d tracks in progress, want 2", n)
	}
	k.expectProblem(k.do("PUT", "/api/v1/tracks/app-foundation/lessons/nope/completion", tok, nil), 404, "not-found")
}

func copyCourses(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, courses.FS); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestReloadValidatesBeforeSwapping(t *testing.T) {
	dir := copyCourses(t)
	k := newKit(t, func(c *config.Config) { c.CoursesDir = dir })
	admin := k.admin()
	_, student := k.user("s@example.cn", "S")
	k.expectProblem(k.do("POST", "/api/v1/admin/courses/reload", student, nil), 403, "forbidden")

	// Break a module file: the reload is refused with file and line, and
	// the old content keeps serving.
	mod := filepath.Join(dir, "app-foundation", "arkts-essentials", "module.yaml")
	raw, _ := os.ReadFile(mod)
	if err := os.WriteFile(mod, append(raw, []byte("\nbogusKey: 1\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	p := k.expectProblem(k.do("POST", "/api/v1/admin/courses/reload", admin, nil), 422, "invalid-course-content")
	if !strings.Contains(string(mustJSON(t, p["errors"])), "module.yaml") {
		t.Fatalf("problems do not name the file: %v", p["errors"])
	}
	k.must(200, k.do("GET", "/api/v1/tracks/app-foundation", "", nil))

	// A reference solution that fails its own tests is refused too: the
	// reload grades every code lab in the sandbox.
	os.WriteFile(mod, raw, 0o644)
	sol := filepath.Join(dir, "app-foundation", "arkts-essentials", "labs", "arkts-inventory-lab", "solution", "main.ts")
	good, _ := os.ReadFile(sol)
	starter, _ := os.ReadFile(filepath.Join(filepath.Dir(filepath.Dir(sol)), "starter", "main.ts"))
	os.WriteFile(sol, starter, 0o644)
	p = k.expectProblem(k.do("POST", "/api/v1/admin/courses/reload", admin, nil), 422, "invalid-course-content")
	if !strings.Contains(string(mustJSON(t, p["errors"])), "reference solution scores") {
		t.Fatalf("a failing solution was not reported: %v", p["errors"])
	}
	os.WriteFile(sol, good, 0o644)

	// A fixed folder with a retitled track is swapped in.
	tf := filepath.Join(dir, "app-foundation", "track.yaml")
	tr, _ := os.ReadFile(tf)
	os.WriteFile(tf, []byte(strings.Replace(string(tr), "OpenHarmony 应用开发基础", "OpenHarmony 应用开发基础（新版）", 1)), 0o644)
	k.must(200, k.do("POST", "/api/v1/admin/courses/reload", admin, nil))
	got := k.must(200, k.do("GET", "/api/v1/tracks/app-foundation", "", nil))
	if !strings.Contains(string(got.Body), "（新版）") {
		t.Fatal("reload did not swap the content in")
	}
}

func TestEmbeddedContentCannotReload(t *testing.T) {
	k := newKit(t)
	k.expectProblem(k.do("POST", "/api/v1/admin/courses/reload", k.admin(), nil), 409, "conflict")
}

func TestBrokenContentRefusesToStart(t *testing.T) {
	dir := copyCourses(t)
	os.Remove(filepath.Join(dir, "industry-scenarios", "instrumentation", "module.yaml"))
	cfg := testConfig(t)
	cfg.CoursesDir = dir
	_, err := New(t.Context(), cfg, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "industry-scenarios/instrumentation") {
		t.Fatalf("server started on broken content or did not name the place: %v", err)
	}
}
