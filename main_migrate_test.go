package main

import (
	"bytes"
	"strings"
	"testing"

	"qcadmin/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// 'qcadmin migrate' brings the console's database up to date and says so;
// run again, it finds nothing to do. On SQLite and on PostgreSQL.
func TestMigrateCommand(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  func(t *testing.T)
	}{
		{"sqlite", func(t *testing.T) { t.Setenv("QCADMIN_DATA_DIR", t.TempDir()) }},
		{"postgres", func(t *testing.T) {
			t.Setenv("QCADMIN_DATA_DIR", t.TempDir())
			t.Setenv("QCADMIN_DATABASE_URL", pgtest.URL(t))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.env(t)
			migrate := func() string {
				t.Helper()
				var out, errOut bytes.Buffer
				if code := run([]string{"migrate"}, &out, &errOut); code != 0 {
					t.Fatalf("qcadmin migrate exited %d: %s", code, errOut.String())
				}
				return out.String()
			}
			if first := migrate(); !strings.Contains(first, "applied ") || strings.Contains(first, "applied 0 ") || !strings.Contains(first, tc.name) {
				t.Errorf("first run said %q; want the migrations it applied to the %s database", first, tc.name)
			}
			if again := migrate(); !strings.Contains(again, "applied 0 migration(s)") {
				t.Errorf("second run said %q; want nothing applied", again)
			}
		})
	}
}

// A database URL that is not PostgreSQL's is refused at start, by name.
func TestDatabaseURLMustBePostgres(t *testing.T) {
	t.Setenv("QCADMIN_DATABASE_URL", "mysql://db/qcadmin")
	var out, errOut bytes.Buffer
	if code := run([]string{"migrate"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "QCADMIN_DATABASE_URL") {
		t.Fatalf("exit %d, %q; want a refusal naming QCADMIN_DATABASE_URL", code, errOut.String())
	}
	if strings.Contains(errOut.String(), "mysql://db") {
		t.Errorf("the refusal echoes the URL, which may hold a password: %q", errOut.String())
	}
}
