package imports_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"qcadmin/apiclient"
	"qcadmin/handlers"
	"qcadmin/handlers/consoletest"
)

// revokedImports is Quickchat refusing the token on an import.
type revokedImports struct{ handlers.API }

func (revokedImports) ImportWebsite(context.Context, apiclient.WebsiteImport) (*apiclient.WebsiteImportResult, error) {
	return nil, &apiclient.APIError{Status: http.StatusUnauthorized, Code: "UNAUTHORIZED", Message: "Token revoked."}
}

func TestARefusedTokenOnAnImportSignsOutAndKeepsTheForm(t *testing.T) {
	c := consoletest.New(t, func(d *handlers.Deps) {
		inner := d.Connect
		d.Connect = func(token string) handlers.API { return revokedImports{inner(token)} }
	})
	c.SignIn()
	res, _ := c.Post("/imports/website", url.Values{"url": {"http://127.0.0.1:9/help"}, "mode": {"individual"}}, "Referer", c.Server.URL+"/imports")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login?next=%2Fimports" {
		t.Fatalf("a 401 on an import = %d → %q, want sign-in leading back to imports", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := c.Get("/imports"); res.StatusCode != http.StatusSeeOther {
		t.Fatal("the session survived a refused token")
	}
}
