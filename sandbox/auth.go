package sandbox

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// tokenClaims are the claims of a Quickchat API token.
type tokenClaims struct {
	ScenarioID string `json:"scenario_id"`
	Scope      string `json:"scope"`
	jwt.RegisteredClaims
}

// principal is who a request acts for, taken from a verified token.
type principal struct {
	ScenarioID string
	Scope      string
	Token      string // the raw token: the rate limiter's key; never logged
}

// Token issues an HS256 API token for scenarioID with the given scope (ScopeRead or ScopeWrite), valid for ttl.
func (s *Sandbox) Token(scenarioID, scope string, ttl time.Duration) (string, error) {
	switch {
	case scenarioID == "":
		return "", errors.New("sandbox: token needs a scenario id")
	case scope != ScopeRead && scope != ScopeWrite:
		return "", fmt.Errorf("sandbox: token scope must be %q or %q, not %q", ScopeRead, ScopeWrite, scope)
	case ttl <= 0:
		return "", errors.New("sandbox: token ttl must be positive")
	}
	now := s.now()
	claims := tokenClaims{
		ScenarioID: scenarioID,
		Scope:      scope,
		RegisteredClaims: jwt.RegisteredClaims{
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
		},
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(s.secret)
}

// authenticate verifies the request's bearer token and returns whom it speaks for.
func (s *Sandbox) authenticate(r *http.Request) (principal, error) {
	header := r.Header.Get("Authorization")
	if header == "" {
		return principal{}, unauthorized("Authentication credentials were not provided. Send 'Authorization: Bearer <API_TOKEN>'.")
	}
	scheme, raw, ok := strings.Cut(header, " ")
	raw = strings.TrimSpace(raw)
	if !ok || !strings.EqualFold(scheme, "Bearer") || raw == "" {
		return principal{}, unauthorized("Authorization header must be 'Bearer <API_TOKEN>'.")
	}
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(s.now),
	)
	var claims tokenClaims
	_, err := parser.ParseWithClaims(raw, &claims, func(*jwt.Token) (any, error) { return s.secret, nil })
	switch {
	case err == nil:
	case errors.Is(err, jwt.ErrTokenExpired):
		return principal{}, unauthorized("Token has expired.")
	case errors.Is(err, jwt.ErrTokenMalformed):
		return principal{}, unauthorized("Token is malformed.")
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return principal{}, unauthorized("Token signature is invalid (tokens must be HS256, signed with this sandbox's secret).")
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return principal{}, unauthorized("Token has no expiry (exp claim).")
	default:
		return principal{}, unauthorized("Token is invalid.")
	}
	if claims.ScenarioID == "" {
		return principal{}, unauthorized("Token has no scenario_id claim.")
	}
	if claims.Scope != ScopeRead && claims.Scope != ScopeWrite {
		return principal{}, unauthorized("Token scope must be read_all or write_all.")
	}
	return principal{ScenarioID: claims.ScenarioID, Scope: claims.Scope, Token: raw}, nil
}

// authorize refuses writes to read-only tokens.
func authorize(p principal, method string) error {
	if isWrite(method) && p.Scope != ScopeWrite {
		return &apiError{http.StatusForbidden, codePermissionDenied, "Insufficient token scope. Required: write_all"}
	}
	return nil
}

func isWrite(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}
