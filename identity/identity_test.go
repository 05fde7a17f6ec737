package identity

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientAddr(t *testing.T) {
	a := Auth{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}}
	cases := []struct {
		name, peer string
		xff        []string
		want       string
	}{
		{"no proxy", "198.51.100.4:5000", nil, "198.51.100.4"},
		{"untrusted peer's claim ignored", "198.51.100.4:5000", []string{"10.1.1.1"}, "198.51.100.4"},
		{"one trusted hop", "10.0.0.5:5000", []string{"203.0.113.7"}, "203.0.113.7"},
		{"rightmost untrusted hop wins", "10.0.0.5:5000", []string{"6.6.6.6, 203.0.113.7, 10.0.0.9"}, "203.0.113.7"},
		{"several headers read as one list", "10.0.0.5:5000", []string{"6.6.6.6", "203.0.113.7"}, "203.0.113.7"},
		{"only proxies: the leftmost", "10.0.0.5:5000", []string{"10.0.0.8, 10.0.0.9"}, "10.0.0.8"},
		{"empty header", "10.0.0.5:5000", []string{""}, "10.0.0.5"},
		{"IPv6 proxy", "[::1]:5000", []string{"2001:db8::7"}, "2001:db8::7"},
		{"IPv4-mapped peer", "[::ffff:10.0.0.5]:5000", []string{"203.0.113.7"}, "203.0.113.7"},
		{"IPv4-mapped hop", "10.0.0.5:5000", []string{"::ffff:203.0.113.7"}, "203.0.113.7"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.peer
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := a.ClientAddr(r); got != tc.want {
				t.Errorf("clientAddr = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCleanPerson(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("X-Email", "  ana@velora.example ")
	r.Header.Set("X-Groups", "support, editors,,support")
	r.Header.Set("X-Name", "Ana\x01Lima")
	a := Auth{Header: "X-Email", GroupsHeader: "X-Groups", NameHeader: "X-Name"}
	p, err := a.headerPerson(r)
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != "ana@velora.example" || p.Name != "" || !p.GroupsKnown || len(p.Groups) != 2 || p.Groups[0] != "editors" {
		t.Errorf("person %+v: want trimmed id, no name with a control character, sorted groups without repeats", p)
	}
	r.Header.Del("X-Groups")
	if p, _ := a.headerPerson(r); p.GroupsKnown {
		t.Error("a request without the groups header counts as having said the groups")
	}
	r.Header.Set("X-Email", " ")
	if _, err := a.headerPerson(r); err != ErrNoIdentity {
		t.Errorf("blank identity: %v, want ErrNoIdentity", err)
	}
}
