package residency

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// Release pages out this process's read-only mappings of its own executable
// (MADV_PAGEOUT, Linux 5.4 and later) and says what the resident set was
// before and is after. The pages are clean: nothing is written, and any page
// the process touches again is read back in, from the page cache or the file.
// A kernel without MADV_PAGEOUT answers with an error and nothing changes.
func Release() (before, after Usage, err error) {
	before = Current()
	exe, err := os.Readlink("/proc/self/exe")
	if err != nil {
		return before, before, fmt.Errorf("residency: %w", err)
	}
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return before, before, fmt.Errorf("residency: %w", err)
	}
	ms, err := executableMappings(string(maps), exe)
	if err != nil {
		return before, before, err
	}
	if len(ms) == 0 {
		return before, before, errors.New("residency: the executable is not mapped from " + exe)
	}
	for _, m := range ms {
		if _, _, errno := unix.Syscall(unix.SYS_MADVISE, m.start, m.end-m.start, unix.MADV_PAGEOUT); errno != 0 {
			return before, Current(), fmt.Errorf("residency: madvise(MADV_PAGEOUT) on %s %x-%x: %w", m.perms, m.start, m.end, errno)
		}
	}
	return before, Current(), nil
}
