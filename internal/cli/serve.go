package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"

	"github.com/ohtalent/ohtalent/internal/config"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/demo"
	"github.com/ohtalent/ohtalent/internal/server"
)

func init() {
	register("serve", command{summary: "run the API and web app", run: runServe})
	register("migrate", command{summary: "apply database migrations and exit", run: runMigrate})
}

func runServe(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address (OHT_ADDR)")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data directory for SQLite and the master key (OHT_DATA_DIR)")
	fs.BoolVar(&cfg.Demo, "demo", cfg.Demo, "seed demo organizations and accounts (OHT_DEMO)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := server.NewLogger(cfg.LogLevel)
	// One server per SQLite file: it alone writes, so it may keep
	// credential statuses in memory (see credential.TrustLocalStatus).
	var lock *db.ServerLock
	if cfg.DatabaseURL == "" {
		var err error
		switch lock, err = db.LockServer(cfg.SQLitePath()); {
		case errors.Is(err, db.ErrServerRunning):
			return err
		case err != nil:
			log.Warn("no server lock; credential statuses are read from the database on every verification", "error", err.Error())
		default:
			defer lock.Release()
		}
	}
	s, err := server.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer s.Close()
	if lock != nil {
		s.Creds.TrustLocalStatus()
	}
	if cfg.Demo {
		if err := demo.Seed(ctx, s.DB, s.Orgs, stderr); err != nil {
			return err
		}
		if err := demo.SeedTraining(ctx, demo.TrainingDeps{DB: s.DB, Catalog: s.Catalog, Creds: s.Creds}, stderr); err != nil {
			return err
		}
	}
	if err := s.Auth.EnsurePlatformAdmin(ctx, cfg.AdminEmail, cfg.AdminPassword, stderr); err != nil {
		return err
	}
	return s.Serve(ctx, func(addr string) {
		log.Info("listening", "addr", addr, "engine", s.DB.Dialect)
		fmt.Fprintf(stderr, "  ohtalent is running: %s\n", displayURL(addr))
	})
}

func runMigrate(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("migrate", stderr)
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data directory (OHT_DATA_DIR)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, err := db.Open(db.Options{URL: cfg.DatabaseURL, SQLitePath: cfg.SQLitePath()})
	if err != nil {
		return err
	}
	defer d.Close()
	applied, err := d.Migrate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: applied %d migration(s) %v; schema is at version %d\n", d.Dialect, len(applied), applied, len(db.Migrations()))
	return nil
}

// displayURL turns a listen address into a link a person can open.
func displayURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}
