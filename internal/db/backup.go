package db

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// ErrNotSQLite is returned by Backup on PostgreSQL, whose own tools
// (pg_dump, pg_restore) are the way to back it up.
var ErrNotSQLite = errors.New("ohtalent backup copies the SQLite database; on PostgreSQL use pg_dump: " +
	"pg_dump --format=custom --file=ohtalent.dump \"$OHT_DATABASE_URL\", and to restore " +
	"pg_restore --clean --if-exists --no-owner --dbname=\"$OHT_DATABASE_URL\" ohtalent.dump (see README.md, Backups)")

// ErrHasData is returned by Restore when the target database already holds
// data and the restore was not forced.
var ErrHasData = errors.New("the target database already has data")

// bookkeeping tables are filled by any start of the server, so rows in them
// do not make a database one that a restore would destroy work in.
var bookkeeping = map[string]bool{"schema_migrations": true, "counters": true, "jwt_keys": true,
	"credential_keys": true, "rate_limits": true}

// FileInfo describes a checked SQLite database file.
type FileInfo struct {
	Path          string
	Bytes         int64
	SchemaVersion int
	Tables        map[string]int64 // rows per table
}

// Rows is the number of rows in all tables.
func (f FileInfo) Rows() int64 {
	var n int64
	for _, c := range f.Tables {
		n += c
	}
	return n
}

// Backup writes a consistent copy of the SQLite database to path while the
// server keeps writing. VACUUM INTO reads the whole database in one read
// transaction, which WAL lets run beside the writer, so the copy is the
// database as of one instant, compacted. It runs on a connection of its
// own: the server's writer stays free, and its readers are query_only,
// which SQLite applies to VACUUM INTO's output as well. The copy is made
// under a temporary name next to path, checked, synced and only then
// renamed to path, so path is either absent or a sound backup.
func (d *DB) Backup(ctx context.Context, path string) (FileInfo, error) {
	if d.Dialect != SQLite {
		return FileInfo{}, ErrNotSQLite
	}
	if _, err := os.Lstat(path); err == nil {
		return FileInfo{}, fmt.Errorf("%s already exists; choose a new name or delete it first", path)
	}
	src, err := d.sqlitePath(ctx)
	if err != nil {
		return FileInfo{}, err
	}
	tmp, err := tempPath(path, ".partial")
	if err != nil {
		return FileInfo{}, err
	}
	defer removeDB(tmp)
	conn, err := openSQLite(sqliteURI(src, "_busy_timeout=10000"))
	if err != nil {
		return FileInfo{}, err
	}
	err = conn.WithContext(ctx).Exec("VACUUM INTO ?", tmp).Error
	closeGorm(conn)
	if err != nil {
		return FileInfo{}, fmt.Errorf("copy the database: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		return FileInfo{}, err
	}
	info, err := CheckFile(ctx, tmp)
	if err != nil {
		return FileInfo{}, fmt.Errorf("the copy does not check out: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return FileInfo{}, err
	}
	info.Path = path
	return info, syncDir(filepath.Dir(path))
}

// CheckFile opens an SQLite file read-only and checks that it is a sound
// ohtalent database this build can run: PRAGMA integrity_check and
// foreign_key_check find nothing, and its schema is not newer than this
// build's migrations. It returns the schema version and row counts.
func CheckFile(ctx context.Context, path string) (FileInfo, error) {
	st, err := os.Stat(path)
	if err != nil {
		return FileInfo{}, err
	}
	if !st.Mode().IsRegular() {
		return FileInfo{}, fmt.Errorf("%s is not a regular file", path)
	}
	// immutable: nobody writes a backup, so SQLite needs no lock or
	// shared-memory file beside it (the folder may be read-only).
	g, err := openSQLite(sqliteURI(path, "mode=ro&immutable=1"))
	if err != nil {
		return FileInfo{}, fmt.Errorf("%s is not an SQLite database: %w", path, err)
	}
	defer closeGorm(g)
	g = g.WithContext(ctx)
	var problems []string
	if err := g.Raw("PRAGMA integrity_check").Scan(&problems).Error; err != nil {
		return FileInfo{}, fmt.Errorf("%s is not an SQLite database: %w", path, err)
	}
	if len(problems) != 1 || problems[0] != "ok" {
		return FileInfo{}, fmt.Errorf("%s fails PRAGMA integrity_check: %s", path, strings.Join(firstN(problems, 5), "; "))
	}
	var fk []map[string]any
	if err := g.Raw("PRAGMA foreign_key_check").Scan(&fk).Error; err != nil {
		return FileInfo{}, err
	}
	if len(fk) > 0 {
		return FileInfo{}, fmt.Errorf("%s has %d rows that break a foreign key (first: %v)", path, len(fk), fk[0])
	}
	info := FileInfo{Path: path, Bytes: st.Size()}
	if err := g.Raw("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&info.SchemaVersion).Error; err != nil {
		return FileInfo{}, fmt.Errorf("%s is not an ohtalent database (no schema_migrations table)", path)
	}
	if latest := LatestVersion(); info.SchemaVersion > latest {
		return FileInfo{}, fmt.Errorf("%s has schema version %d, newer than this ohtalent (%d); restore it with the release that made it",
			path, info.SchemaVersion, latest)
	}
	if info.Tables, err = tableCounts(g); err != nil {
		return FileInfo{}, err
	}
	return info, nil
}

// LatestVersion is the schema version this build migrates to.
func LatestVersion() int {
	ms := Migrations()
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].Version
}

// TableCounts returns the rows of every table of an open database; on
// SQLite it reads the schema from sqlite_master, on PostgreSQL from the
// current schema.
func (d *DB) TableCounts(ctx context.Context) (map[string]int64, error) {
	if d.Dialect == SQLite {
		return tableCounts(d.R.WithContext(ctx))
	}
	var names []string
	if err := d.R.WithContext(ctx).Raw(`SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`).Scan(&names).Error; err != nil {
		return nil, err
	}
	return countRows(d.R.WithContext(ctx), names)
}

func tableCounts(g *gorm.DB) (map[string]int64, error) {
	var names []string
	if err := g.Raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).Scan(&names).Error; err != nil {
		return nil, err
	}
	return countRows(g, names)
}

func countRows(g *gorm.DB, names []string) (map[string]int64, error) {
	sort.Strings(names)
	out := make(map[string]int64, len(names))
	for _, name := range names {
		var n int64
		// Names come from the catalog, not from input; quoting keeps any
		// that happen to be keywords working.
		if err := g.Raw(`SELECT COUNT(*) FROM "` + strings.ReplaceAll(name, `"`, `""`) + `"`).Scan(&n).Error; err != nil {
			return nil, fmt.Errorf("count %s: %w", name, err)
		}
		out[name] = n
	}
	return out, nil
}

// RestoreOptions tune Restore.
type RestoreOptions struct {
	// Force replaces a database that already has data (it is kept beside
	// the new one as <name>.pre-restore-<time>).
	Force bool
	// Check runs on the prepared copy, migrated to this build's schema,
	// before it replaces anything; an error stops the restore. The command
	// line opens the signing keys there with the master key.
	Check func(ctx context.Context, d *DB) error
}

// RestoreResult says what Restore did.
type RestoreResult struct {
	FileInfo
	Migrated []int  // migrations applied to bring the backup up to date
	Previous string // where the replaced database was kept; empty when there was none
}

// Restore replaces the SQLite database at target with the backup at from.
// The backup is checked (CheckFile), copied next to target, migrated to
// this build's schema and given to opts.Check; only then is it renamed
// over target in one step, so a failure or a crash at any point leaves
// either the old database or the new one, never a mix. The server must
// be stopped: Restore refuses a database that another process has open.
func Restore(ctx context.Context, from, target string, opts RestoreOptions) (RestoreResult, error) {
	info, err := CheckFile(ctx, from)
	if err != nil {
		return RestoreResult{}, err
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o750); err != nil {
		return RestoreResult{}, err
	}
	exists, err := checkTarget(ctx, target, opts.Force)
	if err != nil {
		return RestoreResult{}, err
	}
	tmp, err := tempPath(target, ".restore")
	if err != nil {
		return RestoreResult{}, err
	}
	defer removeDB(tmp)
	if err := copyFile(from, tmp); err != nil {
		return RestoreResult{}, err
	}
	res := RestoreResult{FileInfo: info}
	if err := prepare(ctx, tmp, opts.Check, &res); err != nil {
		return RestoreResult{}, err
	}
	if exists {
		res.Previous = target + ".pre-restore-" + time.Now().UTC().Format("20060102T150405Z")
		// A hard link keeps the old database under a new name while target
		// still points at it, so the rename below is the only switch.
		if err := os.Link(target, res.Previous); err != nil {
			if err := copyFile(target, res.Previous); err != nil {
				return RestoreResult{}, fmt.Errorf("keep the current database: %w", err)
			}
		}
	}
	// No process has target open (checkTarget), so a WAL or shared-memory
	// file left beside it is stale, and would be replayed into the new file.
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(target + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return RestoreResult{}, err
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		return RestoreResult{}, err
	}
	res.Path = target
	return res, syncDir(filepath.Dir(target))
}

// checkTarget reports whether target exists, and refuses it when it has
// data (unless forced) or when another process holds it open.
func checkTarget(ctx context.Context, target string, force bool) (bool, error) {
	if _, err := os.Stat(target); errors.Is(err, os.ErrNotExist) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	d, err := Open(Options{SQLitePath: target})
	if err != nil {
		return true, err
	}
	counts, countErr := tableCounts(d.R.WithContext(ctx))
	d.Close()
	// The last connection to close removes the WAL and shared-memory
	// files; if they are still there, someone else (a server) has the
	// database open and would go on writing to the file we replace.
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(target + suffix); err == nil {
			return true, fmt.Errorf("%s is in use (its %s file stays while a process has it open); stop the server first", target, suffix)
		}
	}
	switch {
	case force:
		return true, nil // even unreadable: a broken database is a reason to restore
	case countErr != nil:
		return true, fmt.Errorf("cannot read %s (%v); pass --force to replace it (it is kept as a .pre-restore copy)", target, countErr)
	}
	var busy []string
	for name, n := range counts {
		if n > 0 && !bookkeeping[name] {
			busy = append(busy, fmt.Sprintf("%s: %d", name, n))
		}
	}
	if len(busy) > 0 {
		sort.Strings(busy)
		return true, fmt.Errorf("%w (%s): pass --force to replace it (it is kept as a .pre-restore copy)", ErrHasData, strings.Join(firstN(busy, 6), ", "))
	}
	return true, nil
}

// prepare migrates the copy and runs the caller's check on it.
func prepare(ctx context.Context, path string, check func(context.Context, *DB) error, res *RestoreResult) error {
	d, err := Open(Options{SQLitePath: path})
	if err != nil {
		return err
	}
	defer d.Close()
	if res.Migrated, err = d.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate the backup: %w", err)
	}
	if check != nil {
		return check(ctx, d)
	}
	return nil
}

// sqlitePath asks SQLite which file the main database is.
func (d *DB) sqlitePath(ctx context.Context) (string, error) {
	var rows []struct {
		Name string
		File string
	}
	if err := d.R.WithContext(ctx).Raw("PRAGMA database_list").Scan(&rows).Error; err != nil {
		return "", err
	}
	for _, r := range rows {
		if r.Name == "main" && r.File != "" {
			return r.File, nil
		}
	}
	return "", errors.New("the database has no file (in memory?)")
}

func sqliteURI(path, query string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + query
}

func openSQLite(dsn string) (*gorm.DB, error) {
	return gorm.Open(sqlite.Open(dsn), &gorm.Config{Logger: logger.Discard})
}

func closeGorm(g *gorm.DB) {
	if sqlDB, err := g.DB(); err == nil {
		sqlDB.Close()
	}
}

// tempPath names a file next to path (same folder, so rename is atomic).
func tempPath(path, tag string) (string, error) {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+tag+"-"+hex.EncodeToString(b)), nil
}

// removeDB removes a database file and SQLite's files beside it.
func removeDB(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return syncFile(to)
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return append(s[:n:n], fmt.Sprintf("... %d more", len(s)-n))
	}
	return s
}
