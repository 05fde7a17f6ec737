package consoletest

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
)

// AnotherBrowser is a second browser on the same console: its own cookies,
// so its own session, as a second person at another desk.
func (c *Console) AnotherBrowser() *Console {
	other := *c
	jar, _ := cookiejar.New(nil)
	other.Client = &http.Client{Jar: jar, CheckRedirect: c.Client.CheckRedirect}
	return &other
}

// SignInAs signs in to the demo agent giving name on the sign-in form.
func (c *Console) SignInAs(name string) {
	c.T.Helper()
	res, body := c.Post("/login/demo", url.Values{"name": {name}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/articles" {
		c.T.Fatalf("demo sign-in as %q: %d → %q\n%s", name, res.StatusCode, res.Header.Get("Location"), body)
	}
}
