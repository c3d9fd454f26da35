package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/config"
	"github.com/ohtalent/ohtalent/internal/credential"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/keyring"
)

func init() {
	register("backup", command{summary: "copy the SQLite database while the server runs: backup --out FILE", run: runBackup})
	register("restore", command{summary: "replace the SQLite database with a backup (server stopped): restore --from FILE [--force]", run: runRestore})
}

const masterKeyNote = "the master key is not in the backup: keep OHT_MASTER_KEY (or %s) apart from it; a restore needs the same key"

func runBackup(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("backup", stderr)
	out := fs.String("out", "", "file to write; must not exist (required)")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data directory (OHT_DATA_DIR)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		return fmt.Errorf("%w: ohtalent backup --out FILE [--data DIR]", errUsage)
	}
	if cfg.DatabaseURL != "" {
		return db.ErrNotSQLite
	}
	// Opening a missing file would create an empty database and back that up.
	if _, err := os.Stat(cfg.SQLitePath()); err != nil {
		return fmt.Errorf("no database at %s (is OHT_DATA_DIR right?): %w", cfg.SQLitePath(), err)
	}
	d, err := db.Open(db.Options{SQLitePath: cfg.SQLitePath()})
	if err != nil {
		return err
	}
	defer d.Close()
	info, err := d.Backup(ctx, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s: %d rows in %d tables, schema version %d, %d KiB; integrity check ok\n",
		cfg.SQLitePath(), info.Path, info.Rows(), len(info.Tables), info.SchemaVersion, info.Bytes>>10)
	fmt.Fprintf(stderr, masterKeyNote+"\n", filepath.Join(cfg.DataDir, "master.key"))
	return nil
}

func runRestore(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("restore", stderr)
	from := fs.String("from", "", "backup file made by ohtalent backup (required)")
	force := fs.Bool("force", false, "replace a database that has data (it is kept as <file>.pre-restore-<time>)")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data directory to restore into (OHT_DATA_DIR)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" || fs.NArg() > 0 {
		return fmt.Errorf("%w: ohtalent restore --from FILE [--force] [--data DIR]", errUsage)
	}
	if cfg.DatabaseURL != "" {
		return errors.New("ohtalent restore replaces the SQLite database; on PostgreSQL use pg_restore (see README.md, Backups)")
	}
	// keyring.Load would generate a new key, under which the backup's
	// signing secrets cannot open: ask for the old one instead.
	keyFile := filepath.Join(cfg.DataDir, "master.key")
	if cfg.MasterKey == "" {
		if _, err := os.Stat(keyFile); err != nil {
			return fmt.Errorf("no master key: set OHT_MASTER_KEY, or copy master.key from the backed-up data folder to %s, "+
				"before restoring (the signing keys in the backup are sealed under it)", keyFile)
		}
	}
	ring, err := keyring.Load(cfg.MasterKey, cfg.DataDir)
	if err != nil {
		return err
	}
	res, err := db.Restore(ctx, *from, cfg.SQLitePath(), db.RestoreOptions{Force: *force, Check: func(ctx context.Context, d *db.DB) error {
		// The server opens both key sets at start; a wrong master key must
		// stop the restore, not the next start.
		if _, err := auth.New(ctx, d, ring, auth.Settings{}, nil); err != nil {
			return err
		}
		_, err := credential.OpenKeys(ctx, d, ring)
		return err
	}})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored %s from %s: %d rows in %d tables, schema version %d", res.Path, *from, res.Rows(), len(res.Tables), res.SchemaVersion)
	if len(res.Migrated) > 0 {
		fmt.Fprintf(stdout, ", migrated %v", res.Migrated)
	}
	fmt.Fprintln(stdout)
	if res.Previous != "" {
		fmt.Fprintf(stdout, "the database it replaced is kept as %s\n", res.Previous)
	}
	return nil
}
