package sandbox

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const settingsPath = "/v1/api/knowledge_base/"

func signed(t *testing.T, method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
	t.Helper()
	tok, err := jwt.NewWithClaims(method, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestAuthRejectsBadTokens(t *testing.T) {
	e := newEnv(t)
	now := e.clock.Now()
	valid := jwt.MapClaims{"scenario_id": DemoScenarioID, "scope": ScopeWrite, "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
	without := func(key string) jwt.MapClaims {
		c := jwt.MapClaims{}
		for k, v := range valid {
			if k != key {
				c[k] = v
			}
		}
		return c
	}
	header := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`))
	payload := base64.RawURLEncoding.EncodeToString([]byte(`{"scenario_id":"` + DemoScenarioID + `","scope":"write_all","exp":9999999999}`))

	cases := []struct {
		name, authorization, msg string
	}{
		{"missing", "", "not provided"},
		{"not bearer", "Basic dXNlcjpwYXNz", "Bearer"},
		{"bearer without token", "Bearer ", "Bearer"},
		{"malformed", "Bearer not-a-jwt", "malformed"},
		{"bad signature", "Bearer " + signed(t, jwt.SigningMethodHS256, []byte("another-secret"), valid), "signature"},
		{"alg none", "Bearer " + header + "." + payload + ".", "signature"},
		{"alg HS512", "Bearer " + signed(t, jwt.SigningMethodHS512, []byte("test-secret"), valid), "HS256"},
		{"expired", "Bearer " + signed(t, jwt.SigningMethodHS256, []byte("test-secret"), jwt.MapClaims{
			"scenario_id": DemoScenarioID, "scope": ScopeWrite, "iat": now.Add(-2 * time.Hour).Unix(), "exp": now.Add(-time.Hour).Unix()}), "Token has expired."},
		{"no exp", "Bearer " + signed(t, jwt.SigningMethodHS256, []byte("test-secret"), without("exp")), "expiry"},
		{"no scenario", "Bearer " + signed(t, jwt.SigningMethodHS256, []byte("test-secret"), without("scenario_id")), "scenario_id"},
		{"unknown scope", "Bearer " + signed(t, jwt.SigningMethodHS256, []byte("test-secret"), jwt.MapClaims{
			"scenario_id": DemoScenarioID, "scope": "admin", "exp": now.Add(time.Hour).Unix()}), "scope"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := newRequest("GET", settingsPath, "")
			if tc.authorization != "" {
				req.Header.Set("Authorization", tc.authorization)
			}
			e.send(req).wantError(t, http.StatusUnauthorized, "PERMISSION_DENIED", tc.msg)
		})
	}
}

func TestTokenExpiresWithTheClock(t *testing.T) {
	e := newEnv(t)
	tok, err := e.sb.Token(DemoScenarioID, ScopeRead, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	e.do("GET", settingsPath, tok, nil).wantStatus(t, http.StatusOK)
	e.clock.Advance(61 * time.Minute)
	e.do("GET", settingsPath, tok, nil).wantError(t, http.StatusUnauthorized, "PERMISSION_DENIED", "Token has expired.")
}

func TestTokenClaims(t *testing.T) {
	e := newEnv(t)
	tok := e.token("agent-7", ScopeRead)
	claims := jwt.MapClaims{}
	parsed, err := jwt.NewParser(jwt.WithTimeFunc(e.clock.Now)).ParseWithClaims(tok, claims, func(*jwt.Token) (any, error) { return []byte("test-secret"), nil })
	if err != nil {
		t.Fatal(err)
	}
	if parsed.Method.Alg() != "HS256" {
		t.Errorf("alg = %s, want HS256", parsed.Method.Alg())
	}
	if claims["scenario_id"] != "agent-7" || claims["scope"] != ScopeRead {
		t.Errorf("claims = %v", claims)
	}
	iat, exp := claims["iat"].(float64), claims["exp"].(float64)
	if want := float64(e.clock.Now().Unix()); iat != want || exp-iat != 52*7*24*3600 {
		t.Errorf("iat = %v, exp = %v; want iat %v and 52 weeks", iat, exp, want)
	}
}

func TestTokenRefusesBadArguments(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		scenario, scope string
		ttl             time.Duration
	}{
		{"", ScopeRead, time.Hour},
		{DemoScenarioID, "admin", time.Hour},
		{DemoScenarioID, ScopeWrite, 0},
	} {
		if _, err := e.sb.Token(tc.scenario, tc.scope, tc.ttl); err == nil {
			t.Errorf("Token(%q, %q, %v) succeeded, want an error", tc.scenario, tc.scope, tc.ttl)
		}
	}
}

func TestReadTokenCannotWrite(t *testing.T) {
	e := newEnv(t)
	writes := []struct{ method, path, body string }{
		{"PATCH", settingsPath, `{"one_word_description":"X"}`},
		{"POST", "/v1/api/knowledge_base/articles/", `{"content":"x"}`},
		{"PATCH", "/v1/api/knowledge_base/articles/1", `{"title":"x"}`},
		{"DELETE", "/v1/api/knowledge_base/articles/", `[1]`},
	}
	for _, w := range writes {
		t.Run(w.method+" "+w.path, func(t *testing.T) {
			e.do(w.method, w.path, e.read, w.body).
				wantError(t, http.StatusForbidden, "PERMISSION_DENIED", "Insufficient token scope. Required: write_all")
		})
	}
	// The exact message, not just a prefix: clients match on it.
	var env envelope
	e.do("POST", "/v1/api/knowledge_base/articles/", e.read, `{"content":"x"}`).decode(t, &env)
	if got := env.Errors.Root[0].Message; got != "Insufficient token scope. Required: write_all" {
		t.Errorf("message = %q", got)
	}
	// Nothing was written.
	if p := e.list(e.read, "query=x&limit=100"); p.Count != e.list(e.write, "query=x&limit=100").Count {
		t.Error("read and write tokens see different data")
	}
	e.do("GET", settingsPath, e.read, nil).wantStatus(t, http.StatusOK)
}

func TestTokenSeesOnlyItsScenario(t *testing.T) {
	e := newEnv(t)
	other := e.token("someone-else", ScopeWrite)
	if p := e.list(other, ""); p.Count != 0 || len(p.Items) != 0 {
		t.Fatalf("unseeded scenario sees %d articles", p.Count)
	}
	demo := e.list(e.read, "limit=1").Items[0]
	e.do("GET", "/v1/api/knowledge_base/articles/"+itoa(demo.ID), other, nil).wantError(t, http.StatusNotFound, "NOT_FOUND", "not found")
	e.do("PATCH", "/v1/api/knowledge_base/articles/"+itoa(demo.ID), other, `{"title":"hijack"}`).wantError(t, http.StatusNotFound, "NOT_FOUND", "")
	e.do("DELETE", "/v1/api/knowledge_base/articles/", other, []int64{demo.ID}).wantError(t, http.StatusNotFound, "NOT_FOUND", itoa(demo.ID))
	var s kbSettings
	e.do("GET", settingsPath, other, nil).wantStatus(t, http.StatusOK).decode(t, &s)
	if s.OneWordDescription != "" || s.ShortDescription != "" || len(s.AICommands) != 0 || s.RetrainState != nil {
		t.Errorf("unseeded settings = %+v, want empty", s)
	}
	if !strings.Contains(string(e.do("GET", settingsPath, other, nil).Body), `"ai_commands":[]`) {
		t.Error("ai_commands must be [] for a new scenario, not null")
	}
}
