package store_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"qcadmin/database"
	"qcadmin/internal/pgtest"
	"qcadmin/store"
)

// jwt is shaped like a Quickchat token (header, claims, signature).
const jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzY2VuYXJpb19pZCI6ImRlbW8iLCJzY29wZSI6IndyaXRlX2FsbCJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ"

func TestScrubMasksTokensAndKeys(t *testing.T) {
	cases := []struct{ in, want string }{
		{"token " + jwt + " pasted", "token [redacted] pasted"},
		{`{"note":"` + jwt + `"}`, `{"note":"[redacted]"}`},
		{"Authorization: Bearer abcdefgh12345678", "Authorization: Bearer [redacted]"},
		{`{"api_key": "k-123\"456", "name": "shop"}`, `{"api_key": "[redacted]", "name": "shop"}`},
		{`{"Token":"x","password":"hunter2","client_secret":"s"}`, `{"Token":"[redacted]","password":"[redacted]","client_secret":"[redacted]"}`},
		{"https://example.com/feed?api_key=abc123&page=2", "https://example.com/feed?api_key=[redacted]&page=2"},
		{"https://example.com/?token=abc&x=1", "https://example.com/?token=[redacted]&x=1"},
		{"api-key: 8f1e2d", "api-key: [redacted]"},
		{"key sk-abcdefghijklmnopqrstuvwx", "key [redacted]"},
		// Prose stays as written.
		{"Ask for a token: support sends one. Passwords must be 8 characters.", "Ask for a token: support sends one. Passwords must be 8 characters."},
		{"Returns accepted within 60 days.", "Returns accepted within 60 days."},
	}
	for _, tc := range cases {
		if got := store.Scrub(tc.in); got != tc.want {
			t.Errorf("Scrub(%q)\n= %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

// A write whose input held a token in fields that are not an article's body
// (a metadata value, an import URL) is stored and logged with it masked.
func TestRecordMasksTokensInEveryField(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		a, logs := newAudit(t, db)
		record(t, a, store.Entry{
			ScenarioID: "sc1", Identity: "ana", Action: "metadata.set", TargetIDs: []string{"conv-1"},
			Summary:   "Imported https://example.com/?api_key=live-secret-1",
			Before:    `{"crm_token":"` + jwt + `"}`,
			After:     `{"api_key":"live-secret-2","plan":"pro"}`,
			ErrorCode: "",
			Status:    200,
		})
		got, err := a.Get(context.Background(), 1)
		if err != nil {
			t.Fatal(err)
		}
		stored := got.Summary + got.Before + got.After
		for _, secret := range []string{jwt, "live-secret-1", "live-secret-2"} {
			if strings.Contains(stored, secret) || bytes.Contains(logs.Bytes(), []byte(secret)) {
				t.Errorf("%q was recorded: %q / %s", secret, stored, logs)
			}
		}
		if got.After != `{"api_key":"[redacted]","plan":"pro"}` || got.Before != `{"crm_token":"[redacted]"}` {
			t.Errorf("bodies: %s %s", got.Before, got.After)
		}
	})
}

// Whatever people paste, scrubbing leaves no token behind and a second pass changes nothing.
func FuzzScrub(f *testing.F) {
	f.Add("token " + jwt)
	f.Add(`{"api_key":"abc","nested":{"password":"x\"y"}}`)
	f.Add("https://example.com/?api_key=abc&token=def")
	f.Add("Bearer abcdefgh12345678 and sk-abcdefghijklmnopqrstuvwx")
	f.Add("Returns accepted within 60 days.")
	f.Fuzz(func(t *testing.T, s string) {
		once := store.Scrub(s)
		if twice := store.Scrub(once); twice != once {
			t.Fatalf("a second scrub changed %q into %q", once, twice)
		}
		if strings.Contains(once, jwt) {
			t.Fatalf("the token survived in %q", once)
		}
	})
}
