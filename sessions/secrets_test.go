package sessions

import (
	"bytes"
	"context"
	"qcadmin/database"
	"qcadmin/internal/pgtest"
	"testing"
)

func TestSecretsAreSealedInTheStore(t *testing.T) {
	pgtest.EachDB(t, func(t *testing.T, db *database.DB) {
		m := newTestManager(t, db, testKey, testOptions())
		const apiKey = "legacy-api-key-7f3a9c"

		ctx, err := m.Load(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		m.PutSecret(ctx, "playground.api_key.scn", apiKey)
		token, _, err := m.Commit(ctx)
		if err != nil {
			t.Fatal(err)
		}

		var stored int
		rows, err := db.Query("SELECT data FROM sessions")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var data []byte
			if err := rows.Scan(&data); err != nil {
				t.Fatal(err)
			}
			stored++
			if bytes.Contains(data, []byte(apiKey)) {
				t.Fatal("the stored session holds the secret in the clear")
			}
		}
		rows.Close()
		if stored != 1 {
			t.Fatalf("%d stored sessions, want 1", stored)
		}

		ctx, err = m.Load(context.Background(), token)
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := m.Secret(ctx, "playground.api_key.scn"); !ok || got != apiKey {
			t.Fatalf("Secret = %q, %v; want the kept key", got, ok)
		}
		// A sealed value moved under another name does not open.
		m.Put(ctx, secretKey("elsewhere"), m.Get(ctx, secretKey("playground.api_key.scn")))
		if _, ok := m.Secret(ctx, "elsewhere"); ok {
			t.Error("a secret opened under another name")
		}
		m.RemoveSecret(ctx, "playground.api_key.scn")
		if _, ok := m.Secret(ctx, "playground.api_key.scn"); ok {
			t.Error("a removed secret is still there")
		}
	})
}
