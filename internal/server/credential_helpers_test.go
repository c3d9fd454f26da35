package server

import (
	"encoding/json"
	"testing"

	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/credential"
)

func credentialVerifyRequest(token string) credential.VerifyRequest {
	raw, _ := json.Marshal(token)
	return credential.VerifyRequest{Credential: raw}
}

func issueFor(t *testing.T, s *Server, email, track string) credential.IssueRequest {
	t.Helper()
	u, err := auth.UserByEmail(t.Context(), s.DB.R, email)
	if err != nil {
		t.Fatal(err)
	}
	return credential.IssueRequest{UserID: u.ID, Track: s.Catalog.Catalog().Track(track), IssuedBy: "test", Evidence: "exam"}
}
