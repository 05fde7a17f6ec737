package pgtest

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

func TestMain(m *testing.M) { Main(m) }

// A cluster left running by a test binary that was killed is stopped and
// removed when the next test binary starts its own; a living owner's is kept.
func TestAbandonedClustersAreSwept(t *testing.T) {
	left := &cluster{}
	if _, err := left.start(); err != nil {
		Unavailable(t, err)
	}
	t.Cleanup(left.stop)
	alive, err := os.MkdirTemp("", "qcadmin-pgtest-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(alive) })
	if err := os.WriteFile(filepath.Join(alive, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		t.Fatal(err)
	}

	// The first cluster's owner ends: a process that has exited stands for a killed test binary.
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(left.dir, ownerFile), []byte(strconv.Itoa(dead.Process.Pid)), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(left.port))
	if conn, err := net.Dial("tcp", addr); err != nil {
		t.Fatalf("the left cluster should be running before the sweep: %v", err)
	} else {
		conn.Close()
	}

	next := &cluster{}
	if _, err := next.start(); err != nil {
		t.Fatal(err)
	}
	defer next.stop()

	if _, err := os.Stat(left.dir); !os.IsNotExist(err) {
		t.Errorf("the abandoned cluster's files are still there: %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			break
		}
		conn.Close()
		if time.Now().After(deadline) {
			t.Fatalf("the abandoned cluster still accepts connections on %s", addr)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if _, err := os.Stat(alive); err != nil {
		t.Errorf("a cluster whose owner is alive was removed: %v", err)
	}
}
