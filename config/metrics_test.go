package config

import (
	"strings"
	"testing"
)

func TestMetricsAreOffUnlessAnAddressIsGiven(t *testing.T) {
	c := mustLoad(t, nil, env())
	if c.MetricsAddr != "" {
		t.Errorf("MetricsAddr = %q by default, want empty (off)", c.MetricsAddr)
	}
	for _, a := range c.Summary() {
		if a.Key == "metrics_addr" && a.Value.String() != "off" {
			t.Errorf("summary says metrics_addr=%s, want off", a.Value)
		}
	}
}

func TestMetricsAddressIsTakenInDemoAndServeModes(t *testing.T) {
	if c := mustLoad(t, nil, env("QCADMIN_METRICS_ADDR", "127.0.0.1:9090")); c.MetricsAddr != "127.0.0.1:9090" {
		t.Errorf("demo from the environment: MetricsAddr = %q", c.MetricsAddr)
	}
	c := mustLoad(t, []string{"serve", "--api-origin", "https://app.quickchat.ai", "--metrics-addr", ":9090"}, env())
	if c.MetricsAddr != ":9090" {
		t.Errorf("serve from the flag: MetricsAddr = %q", c.MetricsAddr)
	}
	// The flag wins over the environment; an empty flag turns metrics off.
	if c := mustLoad(t, []string{"--metrics-addr="}, env("QCADMIN_METRICS_ADDR", ":9090")); c.MetricsAddr != "" {
		t.Errorf("an empty flag left MetricsAddr = %q", c.MetricsAddr)
	}
}

func TestMetricsAddressIsRefusedWhereItCannotServe(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  []string
		want []string
	}{
		{"no port", nil, []string{"QCADMIN_METRICS_ADDR", "9090"}, []string{"QCADMIN_METRICS_ADDR", "host:port"}},
		{"bad port", []string{"--metrics-addr", "127.0.0.1:0"}, nil, []string{"metrics-addr", "port"}},
		{"the console's own", []string{"--addr", "127.0.0.1:8080", "--metrics-addr", "127.0.0.1:8080"}, nil, []string{"QCADMIN_METRICS_ADDR", "QCADMIN_ADDR"}},
		{"the console's port on every interface", []string{"--metrics-addr", "127.0.0.1:8080"}, nil, []string{"QCADMIN_METRICS_ADDR", "QCADMIN_ADDR"}},
		{"the sandbox's", []string{"--metrics-addr", "127.0.0.1:8081"}, nil, []string{"QCADMIN_METRICS_ADDR", "QCADMIN_SANDBOX_ADDR"}},
		{"sandbox mode", []string{"sandbox", "--metrics-addr", ":9090"}, nil, []string{"-metrics-addr"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(tc.args, env(tc.env...))
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

func TestSameListener(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"127.0.0.1:9090", "127.0.0.1:9090", true},
		{":9090", "127.0.0.1:9090", true},
		{"0.0.0.0:9090", "[::1]:9090", true},
		{"127.0.0.1:9090", "127.0.0.1:8080", false},
		{"127.0.0.1:9090", "10.0.0.1:9090", false},
	} {
		if got := sameListener(tc.a, tc.b); got != tc.want {
			t.Errorf("sameListener(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
