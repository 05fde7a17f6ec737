// Package residency gives back to the system the pages of the console's own
// executable that start-up read and a running console does not read again.
//
// The console is one executable of about 50 MB: its code, and the tables the
// Go runtime reads to walk goroutine stacks. Start-up (migrations, the job
// queue's schema, the sandbox's seed data, every package's initialisation)
// touches pages all over it, and the kernel maps each touched page with its
// neighbours, 64 kB at a time; about 30 MB of the file stays in the process's
// resident set afterwards, of which a running console uses about a third.
// Those pages are clean copies of the file, so the kernel can page them out
// at no cost: Release asks it to, once start-up is over, and the pages the
// console goes on using come back the first time they are used.
package residency

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Usage is a process's resident set, in bytes, as /proc/self/status gives it.
type Usage struct {
	RSS  int64 // VmRSS: everything resident
	Anon int64 // RssAnon: the process's own memory (heap, stacks)
	File int64 // RssFile: pages of files it maps, its executable above all
}

func (u Usage) String() string {
	return fmt.Sprintf("%.1f MB (own memory %.1f MB, executable and other files %.1f MB)",
		float64(u.RSS)/(1<<20), float64(u.Anon)/(1<<20), float64(u.File)/(1<<20))
}

// Current reads this process's Usage; on systems without /proc it is zero.
func Current() Usage {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return Usage{}
	}
	defer f.Close()
	var u Usage
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		fields := strings.Fields(value)
		if len(fields) != 2 || fields[1] != "kB" {
			continue
		}
		kb, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			continue
		}
		switch name {
		case "VmRSS":
			u.RSS = kb << 10
		case "RssAnon":
			u.Anon = kb << 10
		case "RssFile":
			u.File = kb << 10
		}
	}
	return u
}

// mapping is one address range of /proc/self/maps.
type mapping struct {
	start, end uintptr
	perms      string // "r-xp"
	path       string
}

// executableMappings lists the read-only mappings of the file at exe in a
// /proc/self/maps listing: its code and read-only data. Writable mappings
// (the data segment, copied on write) are left out: paging them out would
// mean swapping, not dropping a clean copy.
func executableMappings(maps, exe string) ([]mapping, error) {
	var out []mapping
	for line := range strings.Lines(maps) {
		fields := strings.Fields(line)
		if len(fields) < 6 {
			continue
		}
		path := strings.Join(fields[5:], " ")
		perms := fields[1]
		if path != exe || len(perms) < 2 || perms[0] != 'r' || perms[1] != '-' {
			continue
		}
		lo, hi, ok := strings.Cut(fields[0], "-")
		if !ok {
			return nil, fmt.Errorf("residency: unreadable mapping %q", fields[0])
		}
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil || end <= start {
			return nil, fmt.Errorf("residency: unreadable mapping %q", fields[0])
		}
		out = append(out, mapping{start: uintptr(start), end: uintptr(end), perms: perms, path: path})
	}
	return out, nil
}
