package pgtest

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ownerFile names, inside a cluster's directory, the test binary that made it.
const ownerFile = "owner.pid"

// claim records this process as the owner of the cluster in c.dir.
func (c *cluster) claim() error {
	return os.WriteFile(filepath.Join(c.dir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o644)
}

// sweepAbandoned stops and removes the clusters of test binaries that ended
// without stopping theirs (killed by a timeout, ^C, a crash), so that a
// developer's machine does not fill up with PostgreSQL servers. A cluster
// whose owner is alive, or that is too young to have written its owner, is
// left alone.
func (c *cluster) sweepAbandoned() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "qcadmin-pgtest-*"))
	for _, dir := range dirs {
		if dir == c.dir || !abandoned(dir) {
			continue
		}
		data := filepath.Join(dir, "data")
		if _, err := os.Stat(filepath.Join(data, "postmaster.pid")); err == nil {
			other := &cluster{dir: dir, bin: c.bin, asUser: c.asUser}
			_, _ = other.run("pg_ctl", "-D", data, "-m", "immediate", "-w", "-t", "10", "stop")
		}
		_ = os.RemoveAll(dir)
	}
}

// abandoned tells whether the test binary that made dir has ended.
func abandoned(dir string) bool {
	b, err := os.ReadFile(filepath.Join(dir, ownerFile))
	if err != nil {
		info, statErr := os.Stat(dir)
		return statErr == nil && time.Since(info.ModTime()) > time.Hour
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return true
	}
	err = syscall.Kill(pid, 0)
	return err != nil && !errors.Is(err, syscall.EPERM)
}
