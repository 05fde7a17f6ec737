// Package pgtest gives tests a real PostgreSQL server: a throwaway cluster,
// made with initdb in a temporary directory and started on a free loopback
// port the first time a test asks for one, shared by the tests of one test
// binary, each of which gets a database of its own.
//
// A test binary that uses it runs its tests through Main, which stops the
// cluster and removes its files when they are done:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
// Where PostgreSQL is not installed, tests that ask for it skip with a loud
// message; with CI set, they fail instead, so a CI run cannot pass without
// them. When the tests run as root, as CI does, the server runs as the
// postgres system user, which Debian's postgresql package creates: PostgreSQL
// refuses to run as root.
package pgtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Main runs the tests of m, then stops the cluster if one was started.
func Main(m *testing.M) {
	code := m.Run()
	Stop()
	os.Exit(code)
}

// Stop stops the cluster, if one was started, and removes its files: for a
// TestMain that has more to clean up than Main does.
func Stop() { shared.stop() }

// URL returns the URL of a new, empty database on the shared cluster,
// starting the cluster if needed. The database is dropped when t ends.
func URL(t testing.TB) string {
	t.Helper()
	c, err := shared.start()
	if err != nil {
		Unavailable(t, err)
	}
	name := "t_" + randomHex(6)
	if err := c.exec(context.Background(), "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = c.exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return c.url(name)
}

// Unavailable skips t, or fails it under CI, because PostgreSQL cannot run here.
func Unavailable(t testing.TB, err error) {
	t.Helper()
	msg := fmt.Sprintf("PostgreSQL is needed by this test and could not be started: %v\n"+
		"Install Debian's postgresql package (apt-get install postgresql); .ci/run does.", err)
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip("SKIPPED, LOUDLY: " + msg)
}

// cluster is one throwaway PostgreSQL server.
type cluster struct {
	once    sync.Once
	err     error
	dir     string // holds the data directory and the server's socket
	port    int
	bin     string // the directory of initdb, pg_ctl and postgres
	asUser  *user.User
	started bool
}

var shared = &cluster{}

func (c *cluster) start() (*cluster, error) {
	c.once.Do(func() { c.err = c.boot() })
	return c, c.err
}

func (c *cluster) url(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.port, db)
}

func (c *cluster) exec(ctx context.Context, sql string) error {
	conn, err := pgx.Connect(ctx, c.url("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}

func (c *cluster) boot() error {
	bin, err := binDir()
	if err != nil {
		return err
	}
	c.bin = bin
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return errors.New("the tests run as root and there is no postgres user to run the server as")
		}
		c.asUser = u
	}
	if c.dir, err = os.MkdirTemp("", "qcadmin-pgtest-"); err != nil {
		return err
	}
	if err := c.claim(); err != nil {
		return err
	}
	c.sweepAbandoned()
	if c.asUser != nil {
		uid, _ := strconv.Atoi(c.asUser.Uid)
		gid, _ := strconv.Atoi(c.asUser.Gid)
		if err := os.Chown(c.dir, uid, gid); err != nil {
			return err
		}
	}
	data := filepath.Join(c.dir, "data")
	if out, err := c.run("initdb", "-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"); err != nil {
		return fmt.Errorf("initdb: %v: %s", err, out)
	}
	// A free port, chosen now and handed to the server; a race with another
	// process taking it in between makes pg_ctl fail, and the boot is retried.
	for attempt := 0; ; attempt++ {
		if c.port, err = freePort(); err != nil {
			return err
		}
		opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=32MB", c.port, c.dir)
		out, err := c.run("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(c.dir, "server.log"), "-w", "-t", "60", "start")
		if err == nil {
			c.started = true
			return nil
		}
		if attempt == 2 {
			log, _ := os.ReadFile(filepath.Join(c.dir, "server.log"))
			return fmt.Errorf("pg_ctl start: %v: %s\n%s", err, out, log)
		}
	}
}

// stop stops the server and removes its files.
func (c *cluster) stop() {
	if c.dir == "" {
		return
	}
	if c.started {
		_, _ = c.run("pg_ctl", "-D", filepath.Join(c.dir, "data"), "-m", "immediate", "-w", "stop")
	}
	os.RemoveAll(c.dir)
}

// run runs one of PostgreSQL's programs, as the postgres user when the tests run as root.
func (c *cluster) run(program string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(c.bin, program), args...)
	cmd.Dir = c.dir
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	if c.asUser != nil {
		uid, _ := strconv.Atoi(c.asUser.Uid)
		gid, _ := strconv.Atoi(c.asUser.Gid)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
		cmd.Env = append(cmd.Env, "HOME="+c.dir)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.Bytes(), err
}

// binDir finds PostgreSQL's server programs: on PATH, or where Debian's
// packages put them (/usr/lib/postgresql/<version>/bin), newest first.
func binDir() (string, error) {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		dir := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
			return dir, nil
		}
	}
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	sort.Slice(found, func(i, j int) bool { return version(found[i]) > version(found[j]) })
	if len(found) > 0 {
		return filepath.Dir(found[0]), nil
	}
	return "", errors.New("no PostgreSQL server programs (pg_ctl, initdb) on PATH or in /usr/lib/postgresql")
}

func version(pgCtl string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(pgCtl))))
	return n
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
