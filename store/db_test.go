package store_test

import (
	"testing"

	"qcadmin/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }
