package frontend

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// sourceHash mirrors scripts/source-hash.mjs: sha256 over the sorted,
// "/"-separated relative paths of every regular file under src/ plus
// index.html, package.json, package-lock.json, vite.config.ts and
// tsconfig*.json, each fed as path + "\x00" + raw content.
func sourceHash(root string) (string, []string, error) {
	var files []string
	err := filepath.WalkDir(filepath.Join(root, "src"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	for _, name := range []string{"index.html", "package.json", "package-lock.json", "vite.config.ts"} {
		if st, err := os.Stat(filepath.Join(root, name)); err == nil && st.Mode().IsRegular() {
			files = append(files, name)
		}
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		return "", nil, err
	}
	tsconfig := regexp.MustCompile(`^tsconfig.*\.json$`)
	for _, e := range entries {
		if e.Type().IsRegular() && tsconfig.MatchString(e.Name()) {
			files = append(files, e.Name())
		}
	}
	sort.Strings(files) // byte order, like Buffer.compare in the node script

	h := sha256.New()
	for _, rel := range files {
		content, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			return "", nil, err
		}
		h.Write([]byte(rel))
		h.Write([]byte{0})
		h.Write(content)
	}
	return hex.EncodeToString(h.Sum(nil)), files, nil
}

const staleMsg = "frontend/dist is stale: run `cd frontend && npm ci && npm run build`"

func TestDistIsFresh(t *testing.T) {
	want, files, err := sourceHash(".")
	if err != nil {
		t.Fatalf("hashing frontend sources: %v", err)
	}
	if len(files) == 0 {
		t.Fatalf("no frontend sources found")
	}
	got, err := os.ReadFile(filepath.Join("dist", "source-hash.txt"))
	if err != nil {
		t.Fatalf("%s (reading dist/source-hash.txt: %v)", staleMsg, err)
	}
	if strings.TrimSpace(string(got)) != want {
		t.Fatalf("%s (dist built from %s, sources hash to %s)", staleMsg, strings.TrimSpace(string(got)), want)
	}
}

func TestDistEmbedsApp(t *testing.T) {
	index, err := fs.ReadFile(Dist, "dist/index.html")
	if err != nil {
		t.Fatalf("dist/index.html not embedded: %v", err)
	}
	refs := regexp.MustCompile(`(?:src|href)="/(assets/[^"]+)"`).FindAllSubmatch(index, -1)
	if len(refs) == 0 {
		t.Fatalf("dist/index.html references no hashed assets")
	}
	for _, m := range refs {
		name := "dist/" + string(m[1])
		data, err := fs.ReadFile(Dist, name)
		if err != nil {
			t.Errorf("index.html references %s, which is not embedded: %v", name, err)
			continue
		}
		if len(bytes.TrimSpace(data)) == 0 {
			t.Errorf("%s is empty", name)
		}
	}
}
