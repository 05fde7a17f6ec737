package apiclient

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

// jwtWith builds a token whose claims segment is claims (signature is junk:
// ParseTokenClaims does not check it).
func jwtWith(claims string) string {
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc.EncodeToString([]byte(claims)) + ".c2lnbmF0dXJl"
}

func TestParseTokenClaims(t *testing.T) {
	got, err := ParseTokenClaims(jwtWith(`{"scenario_id":"demo-agent","scope":"write_all","iat":1768471200,"exp":1799920800}`))
	if err != nil {
		t.Fatal(err)
	}
	want := TokenClaims{
		ScenarioID: "demo-agent",
		Scope:      ScopeWrite,
		IssuedAt:   time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC),
		ExpiresAt:  time.Date(2027, 1, 14, 10, 0, 0, 0, time.UTC),
	}
	if got != want {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestParseTokenClaimsTolerates(t *testing.T) {
	cases := []struct {
		name  string
		token string
		want  TokenClaims
	}{
		{"no scope or times", jwtWith(`{"scenario_id":"abc"}`), TokenClaims{ScenarioID: "abc"}},
		{"numeric scenario id", jwtWith(`{"scenario_id":12345,"scope":"read_all"}`), TokenClaims{ScenarioID: "12345", Scope: ScopeRead}},
		{"surrounding spaces", "  " + jwtWith(`{"scenario_id":"abc"}`) + "\n", TokenClaims{ScenarioID: "abc"}},
		{"padded base64", "h." + base64.URLEncoding.EncodeToString([]byte(`{"scenario_id":"ab"}`)) + ".s", TokenClaims{ScenarioID: "ab"}},
		{"fractional exp", jwtWith(`{"scenario_id":"a","exp":1799920800.5}`),
			TokenClaims{ScenarioID: "a", ExpiresAt: time.Date(2027, 1, 14, 10, 0, 0, 5e8, time.UTC)}},
		{"absurd exp", jwtWith(`{"scenario_id":"a","exp":-5,"iat":1e300}`), TokenClaims{ScenarioID: "a"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseTokenClaims(tc.token)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestParseTokenClaimsRefuses(t *testing.T) {
	cases := []struct {
		name, token, wantErr string
	}{
		{"empty", "", "3 parts"},
		{"API key, not a JWT", "sk_live_7f9a2b", "3 parts"},
		{"too many parts", "a.b.c.d", "has 4"},
		{"not base64", "a.!!!.c", "not base64url"},
		{"not JSON", "a." + base64.RawURLEncoding.EncodeToString([]byte("hello")) + ".c", "not a JSON object"},
		{"JSON array", jwtWith(`["scenario_id"]`), "not a JSON object"},
		{"wrong scope type", jwtWith(`{"scenario_id":"a","scope":7}`), "not a JSON object"},
		{"no scenario", jwtWith(`{"scope":"write_all","exp":1799920800}`), "no scenario_id"},
		{"blank scenario", jwtWith(`{"scenario_id":"  "}`), "no scenario_id"},
		{"null scenario", jwtWith(`{"scenario_id":null}`), "no scenario_id"},
		{"null claims", jwtWith(`null`), "no scenario_id"},
		{"object scenario", jwtWith(`{"scenario_id":{"id":1}}`), "neither text nor a number"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseTokenClaims(tc.token)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("err = %v, want one mentioning %q", err, tc.wantErr)
			}
		})
	}
}

// FuzzParseTokenClaims: any text pasted into the sign-in form is either
// refused with an error that does not repeat it, or gives an agent id.
func FuzzParseTokenClaims(f *testing.F) {
	f.Add(jwtWith(`{"scenario_id":"demo","scope":"write_all","iat":1768471200,"exp":1799920800}`))
	f.Add(jwtWith(`{"scenario_id":42}`))
	f.Add(jwtWith(`{"scenario_id":""}`))
	f.Add(jwtWith(`{"exp":"tomorrow"}`))
	f.Add(jwtWith(`{"scenario_id":"a","exp":1e400}`))
	f.Add("a.b.c")
	f.Add("..")
	f.Add("not a token")
	f.Fuzz(func(t *testing.T, token string) {
		claims, err := ParseTokenClaims(token)
		if err != nil {
			if len(token) >= 12 && strings.Contains(err.Error(), token) {
				t.Fatalf("error repeats the token: %v", err)
			}
			if claims != (TokenClaims{}) {
				t.Fatalf("claims %+v returned with an error", claims)
			}
			return
		}
		if strings.TrimSpace(claims.ScenarioID) == "" {
			t.Fatalf("accepted a token without an agent: %+v", claims)
		}
		if !claims.ExpiresAt.IsZero() && claims.ExpiresAt.Location() != time.UTC {
			t.Fatalf("expiry not in UTC: %v", claims.ExpiresAt)
		}
	})
}
