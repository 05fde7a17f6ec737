package main

import "testing"

func TestListensBeyondLoopback(t *testing.T) {
	cases := []struct {
		addr string
		want bool
	}{
		{":8080", true},
		{"0.0.0.0:8080", true},
		{"[::]:8080", true},
		{"192.168.1.20:8080", true},
		{"10.0.0.5:8080", true},
		{"[2001:db8::7]:8080", true},
		{"[fe80::1%eth0]:8080", true},
		{"console.example.com:8080", true},
		{"[::ffff:0.0.0.0]:8080", true},
		{"not an address", true},
		{"127.0.0.1:8080", false},
		{"127.0.0.2:8080", false},
		{"[::1]:8080", false},
		{"[::ffff:127.0.0.1]:8080", false},
		{"localhost:8080", false},
		{"LOCALHOST:8080", false},
	}
	for _, tc := range cases {
		if got := listensBeyondLoopback(tc.addr); got != tc.want {
			t.Errorf("listensBeyondLoopback(%q) = %v, want %v", tc.addr, got, tc.want)
		}
	}
}
