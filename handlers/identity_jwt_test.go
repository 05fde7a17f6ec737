package handlers_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net/http"
	"net/http/httptest"
	"qcadmin/handlers/consoletest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"qcadmin/handlers"
	"qcadmin/identity"
)

const (
	testIssuer   = "https://sso.velora.example"
	testAudience = "qcadmin-velora"
	jwtHeader    = "X-Pomerium-Jwt-Assertion"
)

// idp is an identity provider made in the test: its signing keys, and a
// JWKS endpoint that counts how often the console fetches it.
type idp struct {
	t       *testing.T
	rsa     *rsa.PrivateKey
	ec      *ecdsa.PrivateKey
	mu      sync.Mutex
	keys    []map[string]string // the JWKS as served
	fetches atomic.Int32
	srv     *httptest.Server
}

func newIDP(t *testing.T) *idp {
	t.Helper()
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ek, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	p := &idp{t: t, rsa: rk, ec: ek}
	p.publish("rsa-1", &rk.PublicKey)
	p.publish("ec-1", &ek.PublicKey)
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.fetches.Add(1)
		p.mu.Lock()
		defer p.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"keys": p.keys})
	}))
	t.Cleanup(p.srv.Close)
	return p
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// publish adds a public key to the JWKS under kid.
func (p *idp) publish(kid string, pub crypto.PublicKey) {
	p.t.Helper()
	var jwk map[string]string
	switch k := pub.(type) {
	case *rsa.PublicKey:
		jwk = map[string]string{"kty": "RSA", "alg": "RS256", "use": "sig", "n": b64(k.N.Bytes()), "e": b64(big.NewInt(int64(k.E)).Bytes())}
	case *ecdsa.PublicKey:
		raw, err := k.Bytes()
		if err != nil {
			p.t.Fatal(err)
		}
		jwk = map[string]string{"kty": "EC", "alg": "ES256", "use": "sig", "crv": "P-256", "x": b64(raw[1:33]), "y": b64(raw[33:])}
	}
	jwk["kid"] = kid
	p.mu.Lock()
	p.keys = append(p.keys, jwk)
	p.mu.Unlock()
}

// claims are an assertion's claims for email, valid now.
func claims(email string, edit func(jwt.MapClaims)) jwt.MapClaims {
	now := time.Now()
	c := jwt.MapClaims{
		"iss": testIssuer, "aud": testAudience, "sub": "user-" + email, "email": email,
		"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(),
	}
	if edit != nil {
		edit(c)
	}
	return c
}

func sign(t *testing.T, method jwt.SigningMethod, kid string, c jwt.MapClaims, key any) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, c)
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (p *idp) verifier(t *testing.T) *identity.JWTVerifier {
	t.Helper()
	v, err := identity.NewJWTVerifier(t.Context(), identity.JWTConfig{JWKSURL: p.srv.URL, Issuer: testIssuer, Audience: testAudience})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestJWTAssertions(t *testing.T) {
	p := newIDP(t)
	v := p.verifier(t)
	pubDER, err := x509.MarshalPKIXPublicKey(&p.rsa.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})
	none, err := jwt.NewWithClaims(jwt.SigningMethodNone, claims("ana@velora.example", nil)).SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	rs := func(c jwt.MapClaims) string { return sign(t, jwt.SigningMethodRS256, "rsa-1", c, p.rsa) }
	cases := []struct {
		name, assertion, want string // want: the identity, or "" for refused
	}{
		{"RS256", rs(claims("ana@velora.example", nil)), "ana@velora.example"},
		{"ES256", sign(t, jwt.SigningMethodES256, "ec-1", claims("bo@velora.example", nil), p.ec), "bo@velora.example"},
		{"no kid tries every key", sign(t, jwt.SigningMethodRS256, "", claims("cy@velora.example", nil), p.rsa), "cy@velora.example"},
		{"subject without e-mail", rs(claims("", func(c jwt.MapClaims) { delete(c, "email"); c["sub"] = "u-42" })), "u-42"},
		{"within the leeway", rs(claims("ana@velora.example", func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-10 * time.Second).Unix() })), "ana@velora.example"},
		{"expired", rs(claims("ana@velora.example", func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-5 * time.Minute).Unix() })), ""},
		{"no expiry", rs(claims("ana@velora.example", func(c jwt.MapClaims) { delete(c, "exp") })), ""},
		{"not yet valid", rs(claims("ana@velora.example", func(c jwt.MapClaims) { c["nbf"] = time.Now().Add(5 * time.Minute).Unix() })), ""},
		{"issued in the future", rs(claims("ana@velora.example", func(c jwt.MapClaims) { c["iat"] = time.Now().Add(5 * time.Minute).Unix() })), ""},
		{"wrong audience", rs(claims("ana@velora.example", func(c jwt.MapClaims) { c["aud"] = "another-app" })), ""},
		{"wrong issuer", rs(claims("ana@velora.example", func(c jwt.MapClaims) { c["iss"] = "https://evil.example" })), ""},
		{"alg none", none, ""},
		{"HS256 with the public key as secret", sign(t, jwt.SigningMethodHS256, "rsa-1", claims("mallory@velora.example", nil), pubPEM), ""},
		{"HS256 with the public key's DER as secret", sign(t, jwt.SigningMethodHS256, "rsa-1", claims("mallory@velora.example", nil), pubDER), ""},
		{"RS256 signed by another key under a known kid", sign(t, jwt.SigningMethodRS256, "rsa-1", claims("mallory@velora.example", nil), mustRSA(t)), ""},
		{"garbage", "not.a.jwt", ""},
		{"no identity", rs(claims("", func(c jwt.MapClaims) { delete(c, "email"); delete(c, "sub") })), ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			person, err := v.Person(t.Context(), tc.assertion)
			switch {
			case tc.want == "" && err == nil:
				t.Fatalf("accepted as %+v, want refused", person)
			case tc.want != "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want != "" && person.ID != tc.want:
				t.Fatalf("identity %q, want %q", person.ID, tc.want)
			}
		})
	}
}

func TestJWTGroupsClaim(t *testing.T) {
	p := newIDP(t)
	v := p.verifier(t)
	rs := func(c jwt.MapClaims) string { return sign(t, jwt.SigningMethodRS256, "rsa-1", c, p.rsa) }
	person, err := v.Person(t.Context(), rs(claims("ana@velora.example", func(c jwt.MapClaims) {
		c["groups"] = []string{"support", "editors", "support"}
		c["name"] = "Ana Lima"
	})))
	if err != nil {
		t.Fatal(err)
	}
	if !person.GroupsKnown || strings.Join(person.Groups, ",") != "editors,support" || person.Name != "Ana Lima" {
		t.Errorf("person %+v, want sorted groups without repeats and the name", person)
	}
	person, err = v.Person(t.Context(), rs(claims("bo@velora.example", nil)))
	if err != nil || person.GroupsKnown {
		t.Errorf("without a groups claim: %+v, %v; want the default role to apply", person, err)
	}
}

func TestJWTUnknownKeyIsRefetched(t *testing.T) {
	p := newIDP(t)
	v := p.verifier(t)
	if n := p.fetches.Load(); n != 1 {
		t.Fatalf("%d JWKS fetches at start, want 1", n)
	}
	rs := func(c jwt.MapClaims) string { return sign(t, jwt.SigningMethodRS256, "rsa-1", c, p.rsa) }
	for range 3 {
		if _, err := v.Person(t.Context(), rs(claims("ana@velora.example", nil))); err != nil {
			t.Fatal(err)
		}
	}
	if n := p.fetches.Load(); n != 1 {
		t.Fatalf("%d JWKS fetches after known keys, want the cached keys used", n)
	}
	rogue := mustRSA(t)
	if _, err := v.Person(t.Context(), sign(t, jwt.SigningMethodRS256, "rogue", claims("mallory@velora.example", nil), rogue)); err == nil {
		t.Fatal("an assertion under a kid the JWKS does not have was accepted")
	}
	if n := p.fetches.Load(); n != 2 {
		t.Fatalf("%d JWKS fetches after an unknown kid, want one refetch", n)
	}

	// The proxy rotates its keys: a new kid appears in the JWKS and is fetched on first sight.
	q := newIDP(t)
	w := q.verifier(t)
	next := mustRSA(t)
	q.publish("rsa-2", &next.PublicKey)
	person, err := w.Person(t.Context(), sign(t, jwt.SigningMethodRS256, "rsa-2", claims("ana@velora.example", nil), next))
	if err != nil || person.ID != "ana@velora.example" {
		t.Fatalf("assertion under the rotated key: %+v, %v", person, err)
	}
	if n := q.fetches.Load(); n != 2 {
		t.Errorf("%d fetches, want the start and one refetch", n)
	}
}

func mustRSA(t *testing.T) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// withJWTAuth identifies people by assertions the test's provider signs.
func withJWTAuth(v *identity.JWTVerifier) consoletest.Option {
	return func(d *handlers.Deps) {
		d.Auth = identity.Auth{Mode: identity.ModeJWT, JWTHeader: jwtHeader, JWT: v, DefaultRole: "read"}
	}
}

func TestJWTModeThroughTheConsole(t *testing.T) {
	p := newIDP(t)
	var logs consoletest.LogBuffer
	c := consoletest.New(t, withJWTAuth(p.verifier(t)), consoletest.WithAgents(t, consoletest.Velora), consoletest.WithLog(&logs))
	good := sign(t, jwt.SigningMethodES256, "ec-1", claims("ana@velora.example", func(c jwt.MapClaims) { c["groups"] = []string{"editors"} }), p.ec)
	res, body := c.Get("/articles", jwtHeader, good)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /articles with a good assertion = %d", res.StatusCode)
	}
	doc := consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("identity")).Text(); got != "ana@velora.example" {
		t.Errorf("identity %q", got)
	}
	if doc.Find(consoletest.TestID("new-article")).Length() != 1 {
		t.Error("an editor has no write controls")
	}
	expired := sign(t, jwt.SigningMethodRS256, "rsa-1", claims("ana@velora.example", func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-time.Hour).Unix() }), p.rsa)
	res, _ = c.Get("/articles", jwtHeader, expired)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("expired assertion: %d → %q, want signed out", res.StatusCode, res.Header.Get("Location"))
	}
	if !strings.Contains(logs.String(), "refused") || !strings.Contains(logs.String(), "expired") {
		t.Errorf("no log line for the refused assertion:\n%s", logs.String())
	}
	if strings.Contains(logs.String(), expired) || strings.Contains(logs.String(), good) {
		t.Error("an assertion reached the log")
	}
	// The cookie alone, without a fresh assertion, is not enough.
	if res, _ := c.Get("/articles"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("no assertion: %d, want signed out", res.StatusCode)
	}
	// Health checks and static files need no identity.
	_, body = c.Get("/login")
	css, _ := consoletest.Parse(t, body).Find(`link[rel=stylesheet]`).Attr("href")
	for _, path := range []string{"/healthz", "/readyz", css} {
		if res, _ := c.Get(path); res.StatusCode != http.StatusOK {
			t.Errorf("%s without identity = %d", path, res.StatusCode)
		}
	}
}
