package config

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"slices"
	"strings"
)

// How the console learns who a person is (QCADMIN_AUTH).
const (
	AuthToken  = "token"  // people paste an agent's API token; nobody has an identity
	AuthHeader = "header" // a trusted proxy names the person in a header
	AuthJWT    = "jwt"    // the proxy signs an assertion checked against its JWKS
)

// Roles a person may have on a provisioned agent (QCADMIN_DEFAULT_ROLE).
const (
	RoleRead  = "read"
	RoleWrite = "write"
)

// authSettings are the rows for hosting behind an SSO proxy; they join the
// settings table, so help, README and start-up log list them like the rest.
func authSettings() []setting {
	return []setting{
		{
			name: "auth", env: "QCADMIN_AUTH", flag: "auth", arg: "MODE", def: AuthToken,
			modes: consoleModes,
			help:  "how people are identified: token (they paste an agent's API token), header (a trusted proxy's header) or jwt (a proxy's signed assertion)",
			set:   func(c *Config, v string) (err error) { c.Auth, err = oneOf(v, AuthToken, AuthHeader, AuthJWT); return },
			get:   func(c *Config) string { return c.Auth },
		},
		{
			name: "auth_header", env: "QCADMIN_AUTH_HEADER",
			modes: consoleModes,
			help:  "header mode: the header holding the signed-in person's e-mail or user name, e.g. X-Forwarded-Email",
			set:   func(c *Config, v string) (err error) { c.AuthHeader, err = parseHeaderName(v); return },
			get:   func(c *Config) string { return c.AuthHeader },
		},
		{
			name: "auth_groups_header", env: "QCADMIN_AUTH_GROUPS_HEADER",
			modes: consoleModes,
			help:  "header mode: the header holding the person's groups, comma-separated, e.g. X-Forwarded-Groups",
			set:   func(c *Config, v string) (err error) { c.AuthGroupsHeader, err = parseHeaderName(v); return },
			get:   func(c *Config) string { return c.AuthGroupsHeader },
		},
		{
			name: "auth_name_header", env: "QCADMIN_AUTH_NAME_HEADER",
			modes: consoleModes,
			help:  "header mode: the header holding the person's display name, e.g. X-Forwarded-Preferred-Username",
			set:   func(c *Config, v string) (err error) { c.AuthNameHeader, err = parseHeaderName(v); return },
			get:   func(c *Config) string { return c.AuthNameHeader },
		},
		{
			name: "trusted_proxies", env: "QCADMIN_TRUSTED_PROXIES",
			modes: consoleModes,
			help:  "comma-separated CIDRs or addresses of the proxies in front of the console; only their identity headers and X-Forwarded-For are believed",
			set:   func(c *Config, v string) (err error) { c.TrustedProxies, err = parsePrefixes(v); return },
			get: func(c *Config) string {
				s := make([]string, len(c.TrustedProxies))
				for i, p := range c.TrustedProxies {
					s[i] = p.String()
				}
				return strings.Join(s, ",")
			},
		},
		{
			name: "auth_jwt_header", env: "QCADMIN_AUTH_JWT_HEADER",
			modes: consoleModes,
			help:  "jwt mode: the header holding the proxy's signed assertion, e.g. Cf-Access-Jwt-Assertion, X-Pomerium-Jwt-Assertion or x-goog-iap-jwt-assertion",
			set:   func(c *Config, v string) (err error) { c.AuthJWTHeader, err = parseHeaderName(v); return },
			get:   func(c *Config) string { return c.AuthJWTHeader },
		},
		{
			name: "auth_jwks_url", env: "QCADMIN_AUTH_JWKS_URL", arg: "URL",
			modes: consoleModes,
			help:  "jwt mode: the proxy's JWKS (public keys), https unless on this machine; keys are cached and refetched when an unknown key id appears",
			set:   func(c *Config, v string) (err error) { c.AuthJWKSURL, err = parseJWKSURL(v); return },
			get:   func(c *Config) string { return c.AuthJWKSURL },
		},
		{
			name: "auth_jwt_issuer", env: "QCADMIN_AUTH_JWT_ISSUER",
			modes: consoleModes,
			help:  "jwt mode: the iss every assertion must carry, e.g. https://yourteam.cloudflareaccess.com",
			set:   func(c *Config, v string) (err error) { c.AuthJWTIssuer, err = parseNonBlank(v); return },
			get:   func(c *Config) string { return c.AuthJWTIssuer },
		},
		{
			name: "auth_jwt_audience", env: "QCADMIN_AUTH_JWT_AUDIENCE",
			modes: consoleModes,
			help:  "jwt mode: the aud every assertion must carry (the application's audience tag or id)",
			set:   func(c *Config, v string) (err error) { c.AuthJWTAudience, err = parseNonBlank(v); return },
			get:   func(c *Config) string { return c.AuthJWTAudience },
		},
		{
			name: "logout_url", env: "QCADMIN_LOGOUT_URL", arg: "URL",
			defDoc: "the console's sign-in page",
			modes:  consoleModes,
			help:   "where Sign out sends people after clearing their session: an absolute URL or a path such as /oauth2/sign_out",
			set:    func(c *Config, v string) (err error) { c.LogoutURL, err = parseLogoutURL(v); return },
			get:    func(c *Config) string { return c.LogoutURL },
		},
		{
			name: "agents_file", env: "QCADMIN_AGENTS_FILE", arg: "FILE",
			defDoc: "none: people paste tokens",
			modes:  consoleModes,
			help:   "header and jwt modes: TOML file of provisioned agents (name, token_env or token_file, read_groups, write_groups); people switch between the agents their groups allow and never handle a token",
			set:    func(c *Config, v string) (err error) { c.AgentsFile, err = parseFile(v, "a TOML agents file"); return },
			get:    func(c *Config) string { return c.AgentsFile },
		},
		{
			name: "default_role", env: "QCADMIN_DEFAULT_ROLE", def: RoleRead,
			modes: consoleModes,
			help:  "role on every provisioned agent for a person whose proxy sends no groups: read or write",
			set:   func(c *Config, v string) (err error) { c.DefaultRole, err = oneOf(v, RoleRead, RoleWrite); return },
			get:   func(c *Config) string { return c.DefaultRole },
		},
		{
			name: "admin_groups", env: "QCADMIN_ADMIN_GROUPS",
			defDoc: "none: nobody sees the admin page (always so in token mode)",
			modes:  consoleModes,
			help:   "header and jwt modes: comma-separated groups whose members see /admin/sessions and may revoke sessions",
			set:    func(c *Config, v string) (err error) { c.AdminGroups, err = parseGroups(v); return },
			get:    func(c *Config) string { return strings.Join(c.AdminGroups, ",") },
		},
	}
}

// checkAuth refuses combinations that would leave the console open or a
// setting silently unused, naming what to set.
func (c *Config) checkAuth() error {
	var errs []error
	need := func(v, env, why string) {
		if v == "" {
			errs = append(errs, fmt.Errorf("QCADMIN_AUTH=%s needs %s: %s", c.Auth, env, why))
		}
	}
	unused := func(v, env, where string) {
		if v != "" {
			errs = append(errs, fmt.Errorf("%s is set but QCADMIN_AUTH=%s does not use it (it applies to %s)", env, c.Auth, where))
		}
	}
	switch c.Auth {
	case AuthHeader:
		need(c.AuthHeader, "QCADMIN_AUTH_HEADER", "the header your proxy puts the person's e-mail in, e.g. X-Forwarded-Email")
		if len(c.TrustedProxies) == 0 {
			errs = append(errs, errors.New("QCADMIN_AUTH=header needs QCADMIN_TRUSTED_PROXIES: the proxy's address or CIDR, so nobody else can send the identity header"))
		}
	case AuthJWT:
		need(c.AuthJWTHeader, "QCADMIN_AUTH_JWT_HEADER", "the header carrying the proxy's signed assertion, e.g. Cf-Access-Jwt-Assertion")
		need(c.AuthJWKSURL, "QCADMIN_AUTH_JWKS_URL", "the URL of the proxy's public keys")
		need(c.AuthJWTIssuer, "QCADMIN_AUTH_JWT_ISSUER", "the issuer the assertions must name")
		need(c.AuthJWTAudience, "QCADMIN_AUTH_JWT_AUDIENCE", "the audience the assertions must name")
	}
	if c.Auth != AuthHeader {
		unused(c.AuthHeader, "QCADMIN_AUTH_HEADER", "header mode")
		unused(c.AuthGroupsHeader, "QCADMIN_AUTH_GROUPS_HEADER", "header mode")
		unused(c.AuthNameHeader, "QCADMIN_AUTH_NAME_HEADER", "header mode")
	}
	if c.Auth != AuthJWT {
		unused(c.AuthJWTHeader, "QCADMIN_AUTH_JWT_HEADER", "jwt mode")
		unused(c.AuthJWKSURL, "QCADMIN_AUTH_JWKS_URL", "jwt mode")
		unused(c.AuthJWTIssuer, "QCADMIN_AUTH_JWT_ISSUER", "jwt mode")
		unused(c.AuthJWTAudience, "QCADMIN_AUTH_JWT_AUDIENCE", "jwt mode")
	}
	if c.Auth == AuthToken {
		// Agents are shared by group and the admin page by group: both need to know who people are.
		unused(c.AgentsFile, "QCADMIN_AGENTS_FILE", "header and jwt modes, where people have groups")
		unused(strings.Join(c.AdminGroups, ","), "QCADMIN_ADMIN_GROUPS", "header and jwt modes, where people have groups")
	}
	return errors.Join(errs...)
}

// parseHeaderName accepts an HTTP field name such as X-Forwarded-Email.
func parseHeaderName(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", errors.New("want a header name such as X-Forwarded-Email")
	}
	for _, r := range v {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("!#$%&'*+-.^_`|~", r)) {
			return "", fmt.Errorf("%q is not a header name; want letters, digits and '-', e.g. X-Forwarded-Email", v)
		}
	}
	return v, nil
}

// parsePrefixes reads CIDRs or bare addresses; a bare address trusts that host alone.
func parsePrefixes(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for part := range strings.SplitSeq(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			a, aerr := netip.ParseAddr(part)
			if aerr != nil {
				return nil, fmt.Errorf("%q is not a CIDR or an address; want e.g. 10.0.0.0/8,127.0.0.1", part)
			}
			a = a.Unmap()
			p = netip.PrefixFrom(a, a.BitLen())
		}
		if p.Bits() == 0 {
			return nil, fmt.Errorf("%q trusts every address, so anyone could claim any identity; list the proxies' own addresses", part)
		}
		out = append(out, p.Masked())
	}
	if len(out) == 0 {
		return nil, errors.New("want at least one CIDR or address")
	}
	return out, nil
}

// parseJWKSURL insists on https except for a JWKS served on this machine, so keys cannot be swapped on the way.
func parseJWKSURL(v string) (string, error) {
	if _, err := parseHTTPURL(v); err != nil {
		return "", err
	}
	u, _ := url.Parse(v)
	if u.Scheme != "https" && !isLoopbackHost(u.Hostname()) {
		return "", errors.New("want an https:// URL (http:// only for localhost), so the keys cannot be replaced in transit")
	}
	return v, nil
}

func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// parseLogoutURL accepts an absolute http(s) URL or a path on this host, never a protocol-relative one.
func parseLogoutURL(v string) (string, error) {
	if strings.HasPrefix(v, "/") {
		if strings.HasPrefix(v, "//") || strings.ContainsAny(v, "\\\r\n\t ") {
			return "", errors.New("want a path such as /oauth2/sign_out or an absolute https:// URL")
		}
		return v, nil
	}
	return parseHTTPURL(v)
}

func parseNonBlank(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", errors.New("want a value")
	}
	return v, nil
}

// parseGroups reads a comma-separated list of group names, trimmed, without repeats.
func parseGroups(v string) ([]string, error) {
	var out []string
	for part := range strings.SplitSeq(v, ",") {
		g := strings.TrimSpace(part)
		if g == "" {
			continue
		}
		if !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("want comma-separated group names")
	}
	return out, nil
}
