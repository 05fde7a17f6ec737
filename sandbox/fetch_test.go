package sandbox

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestFetchDialsOnlyCheckedAddresses: even when a name on the allow list resolves (or is rebound) to an
// address outside it, the connection is refused before it is made.
func TestFetchDialsOnlyCheckedAddresses(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<title>ok</title><p>reached</p>"))
	}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))

	f, err := newFetcher(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !f.loopbackOnly {
		t.Fatal("the default allow list should be loopback only")
	}
	// "localhost" is allowed by name; a resolver that answers with a LAN address must not get through.
	f.resolve = func(context.Context, string) ([]net.IPAddr, error) {
		return []net.IPAddr{{IP: net.ParseIP("10.1.2.3")}}, nil
	}
	u, _ := url.Parse("http://localhost:" + port + "/")
	_, err = f.fetch(context.Background(), u, fetchHTML)
	var ae *apiError
	if !errors.As(err, &ae) || ae.status != 422 || !strings.Contains(ae.message, "resolves to 10.1.2.3") || !strings.Contains(ae.message, fetchAllowSetting) {
		t.Fatalf("rebound localhost: %v, want a 422 naming the address and the setting", err)
	}
	// A mixed answer dials only the loopback address.
	f.resolve = func(context.Context, string) ([]net.IPAddr, error) {
		return []net.IPAddr{{IP: net.ParseIP("192.168.0.9")}, {IP: net.ParseIP("127.0.0.1")}}, nil
	}
	page, err := f.fetch(context.Background(), u, fetchHTML)
	if err != nil || !strings.Contains(string(page.Body), "reached") {
		t.Fatalf("mixed answer: %v", err)
	}

	// With a named non-loopback host on the list, its resolution is what the operator allowed.
	f2, err := newFetcher([]string{"docs.velora.test", "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	if f2.loopbackOnly {
		t.Error("a list with a named host is not loopback only")
	}
	f2.resolve = func(_ context.Context, host string) ([]net.IPAddr, error) {
		if host != "docs.velora.test" {
			t.Errorf("resolved %q", host)
		}
		return []net.IPAddr{{IP: net.ParseIP("127.0.0.1")}}, nil
	}
	u2, _ := url.Parse("http://docs.velora.test:" + port + "/")
	if _, err := f2.fetch(context.Background(), u2, fetchHTML); err != nil {
		t.Errorf("allowed named host: %v", err)
	}
	if f2.ipAllowed(net.ParseIP("0.0.0.0")) || f2.ipAllowed(net.ParseIP("ff02::1")) {
		t.Error("unspecified and multicast addresses are never dialed")
	}
}

func TestParseAllowedHost(t *testing.T) {
	for entry, want := range map[string]allowedHost{
		"LocalHost":          {"localhost", ""},
		"127.0.0.1:8080":     {"127.0.0.1", "8080"},
		"::1":                {"::1", ""},
		"[::1]:9000":         {"::1", "9000"},
		"docs.example.com.":  {"docs.example.com", ""},
		" help.example.org ": {"help.example.org", ""},
	} {
		if got, err := parseAllowedHost(entry); err != nil || got != want {
			t.Errorf("parseAllowedHost(%q) = %+v, %v; want %+v", entry, got, err, want)
		}
	}
	for _, bad := range []string{"", "http://x/", "host:0", "host:http", "[::1"} {
		if _, err := parseAllowedHost(bad); err == nil {
			t.Errorf("parseAllowedHost(%q) accepted", bad)
		}
	}
}
