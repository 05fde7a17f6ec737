package apiclient

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// The scopes a Quickchat API token is created with.
const (
	ScopeRead  = "read_all"  // read-only
	ScopeWrite = "write_all" // read and write
)

// TokenClaims are what a Quickchat API token says about itself.
type TokenClaims struct {
	ScenarioID string    // the agent the token belongs to
	Scope      string    // ScopeRead or ScopeWrite; empty if the token does not say
	IssuedAt   time.Time // zero if the token does not say
	ExpiresAt  time.Time // zero if the token does not say
}

// ParseTokenClaims decodes the claims of a Quickchat API token (a JWT)
// without checking its signature: the key is Quickchat's, and only the API
// can tell whether it still accepts the token. Error messages never repeat
// the token.
func ParseTokenClaims(token string) (TokenClaims, error) {
	parts := strings.Split(strings.TrimSpace(token), ".")
	if len(parts) != 3 {
		return TokenClaims{}, fmt.Errorf("this is not a Quickchat API token: it should have 3 parts separated by dots, it has %d", len(parts))
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return TokenClaims{}, errors.New("this is not a Quickchat API token: its middle part is not base64url")
	}
	var claims struct {
		ScenarioID json.RawMessage `json:"scenario_id"`
		Scope      string          `json:"scope"`
		IssuedAt   *float64        `json:"iat"`
		ExpiresAt  *float64        `json:"exp"`
	}
	if err := json.Unmarshal(raw, &claims); err != nil {
		return TokenClaims{}, errors.New("this is not a Quickchat API token: its claims are not a JSON object of the expected shape")
	}
	id, err := scenarioID(claims.ScenarioID)
	if err != nil {
		return TokenClaims{}, err
	}
	return TokenClaims{
		ScenarioID: id,
		Scope:      claims.Scope,
		IssuedAt:   unixTime(claims.IssuedAt),
		ExpiresAt:  unixTime(claims.ExpiresAt),
	}, nil
}

// scenarioID reads the scenario_id claim, a string (or, tolerated, a number).
func scenarioID(raw json.RawMessage) (string, error) {
	missing := errors.New("this token names no agent: it has no scenario_id claim")
	if len(raw) == 0 || string(raw) == "null" {
		return "", missing
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if s = strings.TrimSpace(s); s == "" {
			return "", missing
		}
		return s, nil
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String(), nil
	}
	return "", errors.New("this token's scenario_id claim is neither text nor a number")
}

// unixTime turns a NumericDate claim into a time; absent or absurd is zero.
func unixTime(v *float64) time.Time {
	if v == nil || math.IsNaN(*v) || *v <= 0 || *v > 1e11 {
		return time.Time{}
	}
	sec, frac := math.Modf(*v)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC()
}
