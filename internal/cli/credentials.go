package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/ohtalent/ohtalent/internal/audit"
	"github.com/ohtalent/ohtalent/internal/config"
	"github.com/ohtalent/ohtalent/internal/credential"
	"github.com/ohtalent/ohtalent/internal/keyring"
)

func init() {
	register("keys", command{summary: "credential signing keys: keys rotate | keys list", run: runKeys})
	register("verify", command{summary: "verify a credential offline: verify FILE|- --jwks FILE|URL [--issuer URL]", run: runVerify})
}

func runKeys(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "rotate" && args[0] != "list") {
		return fmt.Errorf("%w: ohtalent keys rotate|list", errUsage)
	}
	d, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	ring, err := keyring.Load(cfg.MasterKey, cfg.DataDir)
	if err != nil {
		return err
	}
	keys, err := credential.OpenKeys(ctx, d, ring)
	if err != nil {
		return err
	}
	if args[0] == "rotate" {
		kid, err := keys.Rotate(audit.WithActor(ctx, audit.ActorCLI, ""))
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "new signing key %s; older keys stay in /.well-known/jwks.json and keep verifying\n", kid)
		return nil
	}
	for _, k := range keys.List() {
		mark := ""
		if k.Signing {
			mark = "  (signs new credentials)"
		}
		fmt.Fprintf(stdout, "%s%s\n", k.KID, mark)
	}
	return nil
}

// runVerify checks a VC-JWT with nothing but a JWKS: signature, key,
// issuer, structure and dates. When the credential's status list can be
// fetched it checks revocation and suspension too, and says so either way.
func runVerify(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("verify", stderr)
	jwksFlag := fs.String("jwks", "", "JWKS file or URL, e.g. https://ohtalent.example.cn/.well-known/jwks.json (required)")
	issuer := fs.String("issuer", "", "expected issuer id (default: the credential's own iss, trusted through the JWKS)")
	offline := fs.Bool("offline", false, "do not fetch the status list")
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		args = append(args[1:], args[0]) // allow the file before the flags
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *jwksFlag == "" {
		return fmt.Errorf("%w: ohtalent verify FILE|- --jwks FILE|URL", errUsage)
	}
	var raw []byte
	var err error
	if fs.Arg(0) == "-" {
		raw, err = io.ReadAll(io.LimitReader(os.Stdin, credential.MaxTokenBytes+1))
	} else {
		raw, err = os.ReadFile(fs.Arg(0))
	}
	if err != nil {
		return err
	}
	jwksRaw, err := fetch(ctx, *jwksFlag)
	if err != nil {
		return fmt.Errorf("read JWKS: %w", err)
	}
	check, err := credential.VerifyOffline(ctx, strings.TrimSpace(string(raw)), jwksRaw, *issuer, *offline,
		func(u string) ([]byte, error) { return fetch(ctx, u) })
	if err != nil {
		return err
	}
	out, _ := json.MarshalIndent(check, "", "  ")
	fmt.Fprintln(stdout, string(out))
	if check.Verdict != credential.Valid {
		return fmt.Errorf("credential is %s", check.Verdict)
	}
	return nil
}

func fetch(ctx context.Context, src string) ([]byte, error) {
	if !strings.HasPrefix(src, "http://") && !strings.HasPrefix(src, "https://") {
		return os.ReadFile(src)
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, src, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s answered %s", src, resp.Status)
	}
	return io.ReadAll(io.LimitReader(resp.Body, 4<<20))
}
