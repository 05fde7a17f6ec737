package e2e

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"qcadmin/internal/pgtest"
)

// TestFailoverUnderLoad measures what people notice when a replica dies: many
// signed-in people (one session each) browse and save through nginx
// round-robin over two replicas on one PostgreSQL database, rate limits off,
// and halfway through one replica is killed (SIGKILL). It prints the requests
// that failed, those in flight on the killed replica apart from the rest, and
// fails on any failure of the surviving replica, any person sent to sign in,
// or any acknowledged edit lost.
//
// QCADMIN_LOAD=1 turns it on (make test leaves it out); QCADMIN_LOAD_DURATION
// (default 30s) and QCADMIN_LOAD_PEOPLE (default 50) size it.
func TestFailoverUnderLoad(t *testing.T) {
	if os.Getenv("QCADMIN_LOAD") != "1" {
		t.Skip("the failover run needs QCADMIN_LOAD=1 (see BENCHMARKS.md)")
	}
	duration := loadEnvDuration(t, "QCADMIN_LOAD_DURATION", 30*time.Second)
	people := loadEnvInt(t, "QCADMIN_LOAD_PEOPLE", 50)
	nginxPath(t)

	dbURL := pgtest.URL(t)
	sb := startSandbox(t)
	key := newSecretKey(t)
	quiet := []string{"QCADMIN_RATE_LIMITS=false", "QCADMIN_LOG_LEVEL=error"}
	a := startReplica(t, sb.url, dbURL, key, quiet...)
	b := startReplica(t, sb.url, dbURL, key, quiet...)
	waitUntilUp(t, a.proc, a.url+"/readyz", "")
	waitUntilUp(t, b.proc, b.url+"/readyz", "")
	lb, accessLog := startBalancer(t, a, b)

	v := loadDemoData(t, signInWithToken(t, lb, sb.token), lb)
	ps := loadPeople(t, lb, people, v, sb.token)
	from := len(readBalancerLog(t, accessLog))

	start := time.Now()
	deadline := start.Add(duration)
	var wg sync.WaitGroup
	for _, p := range ps {
		wg.Go(func() { p.run(deadline, v) })
	}
	time.Sleep(duration / 2)
	if err := a.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	killedAt := killed.Sub(start)
	wg.Wait()
	elapsed := time.Since(start)

	total, checked, lost, unsure := loadVerify(t, ps, sb.url, sb.token)

	// What nginx saw: which replica answered each request, and with what.
	var onKilled, onSurvivor, resent, byA, byB int
	var lastFailure time.Duration // after the kill
	failed := map[string]int{}
	for _, e := range readBalancerLog(t, accessLog)[from:] {
		last := e.upstreams[len(e.upstreams)-1]
		if len(e.upstreams) > 1 {
			resent++
		}
		switch last {
		case a.addr:
			byA++
		case b.addr:
			byB++
		}
		if e.status < 500 {
			continue
		}
		failed[fmt.Sprintf("%s %s → %d", e.method, loadPage(e.uri), e.status)]++
		if last == a.addr {
			onKilled++
			lastFailure = max(lastFailure, e.at.Sub(killed))
		} else {
			onSurvivor++
		}
	}

	secs := elapsed.Seconds()
	requests := total.requests()
	var out strings.Builder
	fmt.Fprintf(&out, "failover run: %d people, %v (ran %.1f s), two replicas on PostgreSQL behind nginx round-robin, rate limits off; replica A killed at %.1f s\n",
		people, duration, secs, killedAt.Seconds())
	fmt.Fprintf(&out, "  requests %d, %.0f req/s; answered by A %d, by B %d; %d sent to B after A failed to take them\n",
		requests, float64(requests)/secs, byA, byB, resent)
	all := append(slices.Clone(total.latency["view"]), total.latency["save"]...)
	slices.Sort(all)
	fmt.Fprintf(&out, "  all requests p50 %s, p99 %s\n", loadPct(all, 0.50), loadPct(all, 0.99))
	fmt.Fprintf(&out, "  failed: %d answered 5xx by the balancer (%d on A, the last %v after it was killed; %d on B), %d cut off on the way to the client\n",
		onKilled+onSurvivor, onKilled, lastFailure.Round(time.Millisecond), onSurvivor, total.transport)
	for k, n := range failed {
		fmt.Fprintf(&out, "    %-40s %d\n", k, n)
	}
	fmt.Fprintf(&out, "  saves: %d acknowledged, %d conflict views, %d refused with a message, %d without an answer\n",
		total.acked, total.conflicts, total.refused, total.unknown)
	fmt.Fprintf(&out, "  checked: %d articles, %d reviews, %d settings; %d lost edits (%d whose last write had no clear outcome); sent to sign-in: %d\n",
		checked["article"], checked["review"], checked["settings"], lost, unsure, total.signedOut)
	t.Log("\n" + out.String())
	for _, e := range total.samples {
		t.Log(e)
	}

	if onSurvivor > 0 {
		t.Errorf("the surviving replica failed %d requests", onSurvivor)
	}
	// Only what was in flight on A when it died may fail: at most one request per person, within moments of the kill.
	if onKilled+total.transport > people {
		t.Errorf("%d requests failed on the killed replica, more than the %d that can have been in flight", onKilled+total.transport, people)
	}
	if lastFailure > time.Second {
		t.Errorf("a request failed on the killed replica %v after it was killed: not one that was in flight", lastFailure)
	}
	if total.signedOut > 0 {
		t.Errorf("%d requests were sent to sign-in: a session did not survive the replica", total.signedOut)
	}
	if byA == 0 || byB == 0 {
		t.Errorf("the load was not spread over both replicas: A %d, B %d", byA, byB)
	}
}
