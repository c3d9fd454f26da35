package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/config"
	"github.com/ohtalent/ohtalent/internal/db"
)

func init() {
	register("users", command{summary: "create users or reset passwords (create | reset-password)", run: runUsers})
}

func openMigrated(ctx context.Context, cfg config.Config) (*db.DB, error) {
	d, err := db.Open(db.Options{URL: cfg.DatabaseURL, SQLitePath: cfg.SQLitePath()})
	if err != nil {
		return nil, err
	}
	if _, err := d.Migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

func runUsers(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: ohtalent users create|reset-password [flags]", errUsage)
	}
	sub, args := args[0], args[1:]
	fs := newFlags("users "+sub, stderr)
	email := fs.String("email", "", "the account's email (required)")
	password := fs.String("password", "", "password to set; a random one is generated and printed when empty")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data directory (OHT_DATA_DIR)")
	var name *string
	var admin *bool
	if sub == "create" {
		name = fs.String("name", "", "display name (required)")
		admin = fs.Bool("platform-admin", false, "give the platform admin role")
	} else if sub != "reset-password" {
		return fmt.Errorf("%w: unknown users subcommand %q (create | reset-password)", errUsage, sub)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *email == "" {
		return fmt.Errorf("%w: --email is required", errUsage)
	}
	pw := *password
	generated := pw == ""
	if generated {
		pw = auth.RandomPassword()
	}
	d, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	switch sub {
	case "create":
		u, err := auth.CreateUser(ctx, d.W, auth.NewUser{Email: *email, DisplayName: *name, Password: pw, PlatformAdmin: *admin})
		if errors.Is(err, auth.ErrEmailTaken) {
			return fmt.Errorf("an account with email %s already exists", *email)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created user %s (%s)\n", u.Email, u.ID)
	case "reset-password":
		u, err := auth.UserByEmail(ctx, d.W, *email)
		if err != nil {
			return fmt.Errorf("no account with email %s", *email)
		}
		if err := auth.SetPassword(ctx, d.W, u.ID, pw); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "password reset for %s; all their sessions were ended\n", u.Email)
	}
	if generated {
		fmt.Fprintf(stdout, "password: %s\n", pw)
	}
	return nil
}
