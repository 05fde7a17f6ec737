package identity

import (
	"errors"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestIdentifyRefusesRepeatedHeaders(t *testing.T) {
	a := Auth{
		Mode: ModeHeader, Header: "X-Email", GroupsHeader: "X-Groups", NameHeader: "X-Name",
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")},
	}
	cases := []struct {
		name    string
		peer    string
		headers [][2]string
		want    error  // nil means a person
		header  string // the header the refusal names
	}{
		{"one of each", "10.0.0.5:5000", [][2]string{{"X-Email", "ana@velora.example"}, {"X-Groups", "kb-editors,platform"}, {"X-Name", "Ana"}}, nil, ""},
		{"a comma list is one groups header", "10.0.0.5:5000", [][2]string{{"X-Email", "ana@velora.example"}, {"X-Groups", "kb-editors, platform, support"}}, nil, ""},
		{"identity twice", "10.0.0.5:5000", [][2]string{{"X-Email", "ana@velora.example"}, {"X-Email", "boss@velora.example"}}, ErrRepeatedHeader, "X-Email"},
		{"identity twice in other spellings", "10.0.0.5:5000", [][2]string{{"X-Email", "ana@velora.example"}, {"x-email", "boss@velora.example"}}, ErrRepeatedHeader, "X-Email"},
		{"identity twice, once empty", "10.0.0.5:5000", [][2]string{{"X-Email", ""}, {"X-Email", "ana@velora.example"}}, ErrRepeatedHeader, "X-Email"},
		{"groups twice", "10.0.0.5:5000", [][2]string{{"X-Email", "ana@velora.example"}, {"X-Groups", "kb-editors,platform"}, {"X-Groups", "support"}}, ErrRepeatedHeader, "X-Groups"},
		{"name twice", "10.0.0.5:5000", [][2]string{{"X-Email", "ana@velora.example"}, {"X-Name", "Ana"}, {"X-Name", "Boss"}}, ErrRepeatedHeader, "X-Name"},
		{"untrusted peer: ignored as before", "198.51.100.4:5000", [][2]string{{"X-Email", "ana@velora.example"}, {"X-Email", "boss@velora.example"}}, ErrUntrustedPeer, ""},
		{"another header twice is no business of identity", "10.0.0.5:5000", [][2]string{{"X-Email", "ana@velora.example"}, {"Accept", "a"}, {"Accept", "b"}}, nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.peer
			for _, h := range tc.headers {
				r.Header.Add(h[0], h[1])
			}
			p, err := a.Identify(r)
			if tc.want == nil {
				if err != nil || p.ID != "ana@velora.example" {
					t.Fatalf("Identify = %+v, %v; want ana", p, err)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("Identify error = %v, want %v", err, tc.want)
			}
			if p.ID != "" {
				t.Errorf("a refused request still names %q", p.ID)
			}
			var rh *RepeatedHeaderError
			if tc.header != "" && (!errors.As(err, &rh) || rh.Header != tc.header) {
				t.Errorf("refusal %v does not name %s", err, tc.header)
			}
		})
	}
}

func TestIdentifyRefusesRepeatedAssertion(t *testing.T) {
	// The verifier is never reached: the request is refused on its headers alone.
	a := Auth{Mode: ModeJWT, JWTHeader: "Cf-Access-Jwt-Assertion"}
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Add("Cf-Access-Jwt-Assertion", "a.b.c")
	r.Header.Add("cf-access-jwt-assertion", "d.e.f")
	_, err := a.Identify(r)
	var rh *RepeatedHeaderError
	if !errors.Is(err, ErrRepeatedHeader) || !errors.As(err, &rh) || rh.Header != "Cf-Access-Jwt-Assertion" {
		t.Fatalf("Identify error = %v, want a repeated Cf-Access-Jwt-Assertion", err)
	}
}

func TestTokenModeIgnoresRepeatedHeaders(t *testing.T) {
	a := Auth{Header: "X-Email"}
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Add("X-Email", "ana@velora.example")
	r.Header.Add("X-Email", "boss@velora.example")
	if _, err := a.Identify(r); !errors.Is(err, ErrNoIdentity) {
		t.Errorf("token mode: %v, want ErrNoIdentity (headers are not read at all)", err)
	}
}
