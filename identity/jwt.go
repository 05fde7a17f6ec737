package identity

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/time/rate"

	"qcadmin/sessions"
)

// jwtMethods are the only signatures accepted: asymmetric, so knowing the
// public keys never lets anyone sign, and never "none".
var jwtMethods = []string{"RS256", "ES256"}

// JWTConfig describes the proxy whose assertions the console believes.
type JWTConfig struct {
	JWKSURL  string
	Issuer   string
	Audience string
	Client   *http.Client // fetches the JWKS; nil means a client with a timeout
	// RefetchEvery bounds how often an unknown key id makes the console fetch
	// the JWKS again; zero means once a minute.
	RefetchEvery time.Duration
	Log          *slog.Logger
}

// JWTVerifier checks a proxy's signed assertions against its JWKS, which
// keyfunc caches, refreshes hourly and refetches when an unknown kid appears.
type JWTVerifier struct {
	keys   keyfunc.Keyfunc
	parser *jwt.Parser
}

// NewJWTVerifier starts fetching the proxy's keys; it runs until ctx ends.
// A JWKS that cannot be fetched yet is not fatal: Ready says so and
// assertions are refused until the keys arrive.
func NewJWTVerifier(ctx context.Context, c JWTConfig) (*JWTVerifier, error) {
	log := c.Log
	if log == nil {
		log = slog.Default()
	}
	client := c.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	every := c.RefetchEvery
	if every <= 0 {
		every = time.Minute
	}
	keys, err := keyfunc.NewDefaultOverrideCtx(ctx, []string{c.JWKSURL}, keyfunc.Override{
		Client:      client,
		HTTPTimeout: 10 * time.Second,
		// A request with an unknown kid waits at most this long for its turn to refetch, so a flood of them cannot pile up.
		RateLimitWaitMax:  5 * time.Second,
		RefreshUnknownKID: rate.NewLimiter(rate.Every(every), 1),
		RefreshErrorHandlerFunc: func(u string) func(context.Context, error) {
			return func(ctx context.Context, err error) {
				log.WarnContext(ctx, "fetching the SSO proxy's JWKS failed", "url", u, "err", err)
			}
		},
	})
	if err != nil {
		return nil, fmt.Errorf("JWKS %s: %w", c.JWKSURL, err)
	}
	parser := jwt.NewParser(
		jwt.WithValidMethods(jwtMethods),
		jwt.WithIssuer(c.Issuer),
		jwt.WithAudience(c.Audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(30*time.Second), // clocks of the proxy and the console differ a little
	)
	return &JWTVerifier{keys: keys, parser: parser}, nil
}

// Ready reports whether any key has been fetched, for /readyz.
func (v *JWTVerifier) Ready(ctx context.Context) error {
	keys, err := v.keys.Storage().KeyReadAll(ctx)
	if err != nil {
		return err
	}
	if len(keys) == 0 {
		return errors.New("no keys fetched from the SSO proxy's JWKS yet")
	}
	return nil
}

// assertionClaims are the parts of an assertion the console reads.
type assertionClaims struct {
	jwt.RegisteredClaims
	Email  string `json:"email"`
	Name   string `json:"name"`
	Groups any    `json:"groups"` // a list, or one string, depending on the proxy
}

// Person verifies an assertion and says who it names: the e-mail (else the
// subject), the name, and the groups when the assertion has a groups claim.
func (v *JWTVerifier) Person(ctx context.Context, assertion string) (sessions.Person, error) {
	var claims assertionClaims
	if _, err := v.parser.ParseWithClaims(assertion, &claims, v.keys.KeyfuncCtx(ctx)); err != nil {
		return sessions.Person{}, err
	}
	id := claims.Email
	if id == "" {
		id = claims.Subject
	}
	p := sessions.Person{ID: id, Name: claims.Name}
	switch g := claims.Groups.(type) {
	case nil:
	case string:
		p.Groups, p.GroupsKnown = splitGroups(g), true
	case []any:
		p.GroupsKnown = true
		for _, x := range g {
			if s, ok := x.(string); ok {
				p.Groups = append(p.Groups, s)
			}
		}
	default:
		return sessions.Person{}, errors.New("the groups claim is neither a list nor a string")
	}
	return cleanPerson(p)
}
