package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestAuthDefaults(t *testing.T) {
	c := mustLoad(t, nil, env())
	if c.Auth != AuthToken || c.DefaultRole != RoleRead || c.LogoutURL != "" || c.AgentsFile != "" || len(c.TrustedProxies) != 0 || len(c.AdminGroups) != 0 {
		t.Errorf("auth defaults: %+v", c)
	}
}

func TestHeaderMode(t *testing.T) {
	agents := filepath.Join(t.TempDir(), "agents.toml")
	if err := os.WriteFile(agents, []byte("[[agent]]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := mustLoad(t, []string{"serve", "--auth", "header"}, env(
		"QCADMIN_API_ORIGIN", "https://app.quickchat.ai",
		"QCADMIN_AUTH_HEADER", " X-Forwarded-Email ",
		"QCADMIN_AUTH_GROUPS_HEADER", "X-Forwarded-Groups",
		"QCADMIN_AUTH_NAME_HEADER", "X-Forwarded-Preferred-Username",
		"QCADMIN_TRUSTED_PROXIES", "10.1.2.3/8, 127.0.0.1 ,::1",
		"QCADMIN_LOGOUT_URL", "/oauth2/sign_out",
		"QCADMIN_AGENTS_FILE", agents,
		"QCADMIN_DEFAULT_ROLE", "write",
		"QCADMIN_ADMIN_GROUPS", "ops, security,ops",
	))
	if c.Auth != AuthHeader || c.AuthHeader != "X-Forwarded-Email" || c.AuthGroupsHeader != "X-Forwarded-Groups" || c.AuthNameHeader != "X-Forwarded-Preferred-Username" {
		t.Errorf("headers: %+v", c)
	}
	var proxies []string
	for _, p := range c.TrustedProxies {
		proxies = append(proxies, p.String())
	}
	if want := []string{"10.0.0.0/8", "127.0.0.1/32", "::1/128"}; !slices.Equal(proxies, want) {
		t.Errorf("TrustedProxies = %q, want %q (masked, bare addresses as single hosts)", proxies, want)
	}
	if c.LogoutURL != "/oauth2/sign_out" || c.AgentsFile != agents || c.DefaultRole != RoleWrite || !slices.Equal(c.AdminGroups, []string{"ops", "security"}) {
		t.Errorf("logout, agents, role, admins: %+v", c)
	}
	got := map[string]string{}
	for _, a := range c.Summary() {
		got[a.Key] = a.Value.String()
	}
	if got["auth"] != "header" || got["trusted_proxies"] != "10.0.0.0/8,127.0.0.1/32,::1/128" {
		t.Errorf("summary: %v", got)
	}
}

func TestJWTMode(t *testing.T) {
	c := mustLoad(t, nil, env(
		"QCADMIN_AUTH", "jwt",
		"QCADMIN_AUTH_JWT_HEADER", "Cf-Access-Jwt-Assertion",
		"QCADMIN_AUTH_JWKS_URL", "https://team.cloudflareaccess.com/cdn-cgi/access/certs",
		"QCADMIN_AUTH_JWT_ISSUER", "https://team.cloudflareaccess.com",
		"QCADMIN_AUTH_JWT_AUDIENCE", "aud-tag",
		"QCADMIN_LOGOUT_URL", "https://team.cloudflareaccess.com/cdn-cgi/access/logout",
	))
	if c.Auth != AuthJWT || c.AuthJWTHeader != "Cf-Access-Jwt-Assertion" || c.AuthJWTIssuer != "https://team.cloudflareaccess.com" || c.AuthJWTAudience != "aud-tag" {
		t.Errorf("jwt: %+v", c)
	}
	// A JWKS on this machine may be plain http (tests, a sidecar).
	mustLoad(t, nil, env(
		"QCADMIN_AUTH", "jwt", "QCADMIN_AUTH_JWT_HEADER", "X-Assertion", "QCADMIN_AUTH_JWKS_URL", "http://127.0.0.1:9000/jwks",
		"QCADMIN_AUTH_JWT_ISSUER", "iss", "QCADMIN_AUTH_JWT_AUDIENCE", "aud",
	))
}

func TestAuthErrors(t *testing.T) {
	jwtEnv := []string{"QCADMIN_AUTH", "jwt", "QCADMIN_AUTH_JWT_HEADER", "X-Assertion", "QCADMIN_AUTH_JWKS_URL", "https://idp.example/jwks", "QCADMIN_AUTH_JWT_ISSUER", "iss", "QCADMIN_AUTH_JWT_AUDIENCE", "aud"}
	cases := []struct {
		name string
		env  []string
		want []string
	}{
		{"unknown mode", []string{"QCADMIN_AUTH", "saml"}, []string{"QCADMIN_AUTH", "token or header or jwt"}},
		{"header without header", []string{"QCADMIN_AUTH", "header", "QCADMIN_TRUSTED_PROXIES", "10.0.0.1"}, []string{"QCADMIN_AUTH_HEADER"}},
		{"header without proxies", []string{"QCADMIN_AUTH", "header", "QCADMIN_AUTH_HEADER", "X-Forwarded-Email"}, []string{"QCADMIN_TRUSTED_PROXIES"}},
		{"bad header name", []string{"QCADMIN_AUTH_HEADER", "X Forwarded"}, []string{"QCADMIN_AUTH_HEADER", "header name"}},
		{"bad cidr", []string{"QCADMIN_TRUSTED_PROXIES", "10.0.0.0/33"}, []string{"QCADMIN_TRUSTED_PROXIES", "CIDR"}},
		{"trust everyone", []string{"QCADMIN_TRUSTED_PROXIES", "0.0.0.0/0"}, []string{"QCADMIN_TRUSTED_PROXIES", "every address"}},
		{"jwt without anything", []string{"QCADMIN_AUTH", "jwt"}, []string{"QCADMIN_AUTH_JWT_HEADER", "QCADMIN_AUTH_JWKS_URL", "QCADMIN_AUTH_JWT_ISSUER", "QCADMIN_AUTH_JWT_AUDIENCE"}},
		{"jwks over http", append(slices.Clone(jwtEnv), "QCADMIN_AUTH_JWKS_URL", "http://idp.example/jwks"), []string{"QCADMIN_AUTH_JWKS_URL", "https"}},
		{"jwt with a header-mode setting", append(slices.Clone(jwtEnv), "QCADMIN_AUTH_GROUPS_HEADER", "X-Groups"), []string{"QCADMIN_AUTH_GROUPS_HEADER", "header mode"}},
		{"header-mode setting in token mode", []string{"QCADMIN_AUTH_HEADER", "X-Forwarded-Email"}, []string{"QCADMIN_AUTH_HEADER", "does not use it"}},
		{"agents file in token mode", []string{"QCADMIN_AGENTS_FILE", "config_test.go"}, []string{"QCADMIN_AGENTS_FILE", "groups"}},
		{"admin groups in token mode", []string{"QCADMIN_ADMIN_GROUPS", "ops"}, []string{"QCADMIN_ADMIN_GROUPS", "groups"}},
		{"missing agents file", []string{"QCADMIN_AGENTS_FILE", "/no/such/agents.toml"}, []string{"QCADMIN_AGENTS_FILE", "no such file"}},
		{"bad default role", []string{"QCADMIN_DEFAULT_ROLE", "admin"}, []string{"QCADMIN_DEFAULT_ROLE", "read or write"}},
		{"protocol-relative logout", []string{"QCADMIN_LOGOUT_URL", "//evil.example/"}, []string{"QCADMIN_LOGOUT_URL"}},
		{"relative logout", []string{"QCADMIN_LOGOUT_URL", "oauth2/sign_out"}, []string{"QCADMIN_LOGOUT_URL", "absolute"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(nil, env(tc.env...))
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}
