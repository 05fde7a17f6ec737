// Package e2e runs the real qcadmin binary (console + embedded sandbox in one
// process) and drives it over HTTP and through Chromium.
package e2e

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"qcadmin/internal/pgtest"
)

// binary is the qcadmin executable TestMain builds once for every test.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "qcadmin-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "qcadmin")
	build := exec.Command("go", "build", "-o", binary, "qcadmin")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building qcadmin failed:", err)
		os.Exit(1)
	}
	code := m.Run()
	pgtest.Stop()
	os.RemoveAll(dir)
	os.Exit(code)
}

// app is one running qcadmin demo: the console and its sandbox.
type app struct {
	URL     string // the console
	APIURL  string // the sandbox API
	DataDir string
	cmd     *exec.Cmd
	log     *strings.Builder
}

func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startApp runs `qcadmin` in demo mode on free ports with its own data dir and
// waits until /readyz says the console, its store and the sandbox answer.
func startApp(t testing.TB, env ...string) *app {
	t.Helper()
	a := &app{DataDir: t.TempDir(), log: &strings.Builder{}}
	addr, sbAddr := freeAddr(t), freeAddr(t)
	a.URL, a.APIURL = "http://"+addr, "http://"+sbAddr
	a.cmd = exec.Command(binary)
	a.cmd.Env = append(os.Environ(),
		"QCADMIN_ADDR="+addr,
		"QCADMIN_SANDBOX_ADDR="+sbAddr,
		"QCADMIN_DATA_DIR="+a.DataDir,
		"QCADMIN_LOG_LEVEL=warn",
	)
	a.cmd.Env = append(a.cmd.Env, env...)
	a.cmd.Stdout, a.cmd.Stderr = a.log, a.log
	if err := a.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = a.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = a.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = a.cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("qcadmin output:\n%s", a.log.String())
		}
	})
	if err := answersOK(a.URL+"/readyz", nil, 30*time.Second); err != nil {
		t.Fatalf("qcadmin did not become ready: %v\n%s", err, a.log.String())
	}
	return a
}

// signedInClient is an HTTP client whose cookie jar holds a demo-agent session.
func (a *app) signedInClient(t testing.TB) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Transport: &http.Transport{MaxIdleConnsPerHost: 128}}
	res, err := c.PostForm(a.URL+"/login/demo", url.Values{})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Request.URL.Path != "/articles" || res.StatusCode != http.StatusOK {
		t.Fatalf("demo sign-in ended at %s with %d", res.Request.URL, res.StatusCode)
	}
	return c
}

// token asks `qcadmin token` for a sandbox token of the demo agent.
func (a *app) token(t testing.TB, scope string) string {
	t.Helper()
	cmd := exec.CommandContext(context.Background(), binary, "token", "--scope", scope)
	cmd.Env = append(os.Environ(), "QCADMIN_DATA_DIR="+a.DataDir)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("qcadmin token: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[len(lines)-1]
}
