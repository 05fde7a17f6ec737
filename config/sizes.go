package config

import (
	"errors"
	"fmt"
	"math"
	"net"
	"slices"
	"strconv"
	"strings"
)

// byteUnits are the size suffixes an operator may type; KB, MB and GB count in 1024s, as most server
// configuration does, so "20MB" is the 20 MiB the console shows.
var byteUnits = []struct {
	suffixes []string
	factor   int64
}{
	{[]string{"gib", "gb", "g"}, 1 << 30},
	{[]string{"mib", "mb", "m"}, 1 << 20},
	{[]string{"kib", "kb", "k"}, 1 << 10},
	{[]string{"b", ""}, 1},
}

// parseByteSize reads a positive size such as 1048576, 512KB, 20MB or 1GiB.
func parseByteSize(v string) (int64, error) {
	s := strings.ToLower(strings.TrimSpace(v))
	for _, u := range byteUnits {
		for _, suffix := range u.suffixes {
			num, ok := strings.CutSuffix(s, suffix)
			if !ok {
				continue
			}
			n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
			if err != nil || n <= 0 {
				return 0, errors.New("want a positive size in bytes or with KB, MB or GB, e.g. 20MB")
			}
			if n > math.MaxInt64/u.factor {
				return 0, errors.New("size is too large")
			}
			return n * u.factor, nil
		}
	}
	return 0, errors.New("want a positive size in bytes or with KB, MB or GB, e.g. 20MB")
}

// formatByteSize shows a size the way parseByteSize reads it, in the largest whole unit.
func formatByteSize(n int64) string {
	for _, u := range byteUnits[:3] {
		if n >= u.factor && n%u.factor == 0 {
			return strconv.FormatInt(n/u.factor, 10) + strings.ToUpper(u.suffixes[1])
		}
	}
	return strconv.FormatInt(n, 10)
}

// parseHostList reads comma-separated hosts, each a name or IP address with an optional port
// ("docs.example.com", "127.0.0.1:8080", "::1", "[::1]:8080"); URLs are refused, since only the host is checked.
func parseHostList(v string) ([]string, error) {
	var hosts []string
	for part := range strings.SplitSeq(v, ",") {
		h := strings.ToLower(strings.TrimSpace(part))
		if h == "" {
			return nil, errors.New("empty host; want comma-separated hosts such as 127.0.0.1,localhost,docs.example.com")
		}
		if strings.Contains(h, "/") {
			return nil, fmt.Errorf("%q is not a host; want a host or host:port without scheme or path, e.g. docs.example.com", strings.TrimSpace(part))
		}
		if err := checkHost(h); err != nil {
			return nil, fmt.Errorf("%q: %w", strings.TrimSpace(part), err)
		}
		if !slices.Contains(hosts, h) {
			hosts = append(hosts, h)
		}
	}
	return hosts, nil
}

func checkHost(h string) error {
	host := h
	if strings.HasPrefix(h, "[") || strings.Count(h, ":") == 1 {
		var port string
		var err error
		host, port, err = net.SplitHostPort(h)
		if err != nil {
			return errors.New("want host or host:port; write IPv6 addresses with a port as [::1]:8080")
		}
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return errors.New("want a port number from 1 to 65535")
		}
	}
	if host == "" || strings.ContainsAny(host, " @?#[]") {
		return errors.New("want a host name or IP address")
	}
	return nil
}
