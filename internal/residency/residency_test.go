package residency

import (
	"errors"
	"runtime"
	"slices"
	"testing"

	"golang.org/x/sys/unix"
)

func TestExecutableMappingsAreItsReadOnlyOnes(t *testing.T) {
	maps := `00400000-01662000 r-xp 00000000 fe:00 9986550                            /opt/qc admin/qcadmin
01662000-02815000 r--p 01262000 fe:00 9986550                            /opt/qc admin/qcadmin
02815000-029e9000 rw-p 02415000 fe:00 9986550                            /opt/qc admin/qcadmin
029e9000-04c11000 rw-p 00000000 00:00 0
7f1c2d400000-7f1c2d600000 r--p 00000000 fe:00 123                        /usr/lib/locale/C.utf8/LC_CTYPE
7ffd5d9ff000-7ffd5da20000 rw-p 00000000 00:00 0                          [stack]
`
	got, err := executableMappings(maps, "/opt/qc admin/qcadmin")
	if err != nil {
		t.Fatal(err)
	}
	want := []mapping{
		{start: 0x400000, end: 0x1662000, perms: "r-xp", path: "/opt/qc admin/qcadmin"},
		{start: 0x1662000, end: 0x2815000, perms: "r--p", path: "/opt/qc admin/qcadmin"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("mappings = %+v, want %+v", got, want)
	}
	if _, err := executableMappings("zz-00400000 r-xp 0 0:0 1 /x\n", "/x"); err == nil {
		t.Error("an unreadable address range was taken")
	}
}

func TestReleaseGivesBackTheExecutablesPages(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("only Linux pages out on request")
	}
	before, after, err := Release()
	if errors.Is(err, unix.EINVAL) {
		t.Skipf("this kernel has no MADV_PAGEOUT: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if before.File == 0 || before.RSS < before.File {
		t.Fatalf("before: %v", before)
	}
	if after.File >= before.File/2 {
		t.Errorf("the executable's resident pages went from %v to %v, want at most half", before, after)
	}
}
