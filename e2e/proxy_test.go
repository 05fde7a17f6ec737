package e2e

import (
	"context"
	"crypto/sha1"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// nginxPath finds Debian's nginx, which plays the company's sign-in proxy.
// Without it the test is skipped loudly; in CI (CI=true) it fails the run.
func nginxPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"nginx", "/usr/sbin/nginx"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("nginx is not installed, and CI=true requires the SSO proxy test to run: apt-get install -y nginx")
	}
	t.Skip("SKIPPING SSO PROXY TEST: nginx is not installed (apt-get install -y nginx)")
	return ""
}

// proxyAddr is where nginx connects to the console from. The console trusts
// this address alone, while the test and the browser reach the console's own
// port from 127.0.0.1: so a request with identity headers sent straight to the
// console comes from a peer that is not a trusted proxy, exactly as a person
// inside the network who bypasses the proxy would. (Linux routes all of
// 127.0.0.0/8 to the loopback interface, so no set-up is needed.)
const proxyAddr = "127.0.0.2"

// people are the proxy's users: password "pw", and the groups nginx forwards.
var people = map[string]string{"ana": "editors", "sam": "support"}

// startProxy runs nginx in front of the console: basic auth, then the
// identity and groups headers oauth2-proxy would send, from proxyAddr.
func startProxy(t *testing.T, upstream string) string {
	t.Helper()
	dir := t.TempDir()
	var htpasswd, groups strings.Builder
	for user, g := range people {
		sum := sha1.Sum([]byte("pw"))
		fmt.Fprintf(&htpasswd, "%s:{SHA}%s\n", user, base64.StdEncoding.EncodeToString(sum[:]))
		fmt.Fprintf(&groups, "    %s %q;\n", user, g)
	}
	if err := os.WriteFile(filepath.Join(dir, "htpasswd"), []byte(htpasswd.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	listen := freeAddr(t)
	return startNginx(t, dir, fmt.Sprintf(`
  map $remote_user $groups {
    default "";
%[1]s  }
  server {
    listen %[2]s;
    auth_basic "Velora";
    auth_basic_user_file %[3]s/htpasswd;
    location / {
      proxy_pass http://%[4]s;
      proxy_bind %[5]s;
      proxy_set_header Host $http_host;
      proxy_set_header Authorization "";
      proxy_set_header X-Forwarded-Email $remote_user@velora.example;
      proxy_set_header X-Forwarded-Groups $groups;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
  }
`, groups.String(), listen, dir, strings.TrimPrefix(upstream, "http://"), proxyAddr), listen)
}

// startNginx runs nginx in the foreground with the given http block (its
// servers, upstreams and maps), its files in dir, and waits until it accepts
// connections on listen; it returns nginx's URL.
func startNginx(t *testing.T, dir, httpBlock, listen string) string {
	t.Helper()
	bin := nginxPath(t)
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;" // workers would run as nobody and could not read the test's private temp dir
	}
	conf := fmt.Sprintf(`%s
worker_processes 1;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path %[2]s/body;
  proxy_temp_path %[2]s/proxy;
  fastcgi_temp_path %[2]s/fastcgi;
  uwsgi_temp_path %[2]s/uwsgi;
  scgi_temp_path %[2]s/scgi;
%[3]s}
`, user, dir, httpBlock)
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", dir, "-e", "stderr", "-c", confPath, "-g", "daemon off; pid "+dir+"/nginx.pid; error_log stderr;")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGQUIT) // graceful stop of the nginx this test started
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("nginx output:\n%s", out.String())
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		if conn, err := net.Dial("tcp", listen); err == nil {
			conn.Close()
			return "http://" + listen
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx did not start:\n%s", out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitThrough waits until url answers 200 with the given headers: the proxy
// and the console behind it both ready, before a browser starts its journey
// (on a loaded machine nginx may reach a console that has just started a
// moment after the console itself answers).
func waitThrough(t *testing.T, url string, h map[string]string) {
	t.Helper()
	if err := answersOK(url, h, 15*time.Second); err != nil {
		t.Fatalf("%s did not answer 200 through the proxy: %v", url, err)
	}
}

// headers makes every request of the browser tab carry these headers.
func headers(h map[string]string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		hs := network.Headers{}
		for k, v := range h {
			hs[k] = v
		}
		_, err := cdp.Call(ctx, t, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: hs})
		return err
	})
}

func basic(user string) map[string]string {
	return map[string]string{"Authorization": "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":pw"))}
}

// TestBehindAnAuthenticatingProxy signs people in through nginx with basic
// auth, which passes their identity and groups upstream the way oauth2-proxy
// does, and checks what each of them may do, and that the same headers sent
// straight to the console are ignored.
func TestBehindAnAuthenticatingProxy(t *testing.T) {
	nginxPath(t)
	// The agents file needs the demo agent's token before the console starts, so the data dir is prepared first.
	dataDir := t.TempDir()
	token := (&app{DataDir: dataDir}).token(t, "write_all")
	agents := filepath.Join(t.TempDir(), "agents.toml")
	if err := os.WriteFile(agents, []byte(`
[[agent]]
name = "Velora support"
token_env = "VELORA_TOKEN"
read_groups = ["support"]
write_groups = ["editors"]
`), 0o600); err != nil {
		t.Fatal(err)
	}
	a := startApp(t,
		"QCADMIN_DATA_DIR="+dataDir,
		"QCADMIN_AUTH=header",
		"QCADMIN_AUTH_HEADER=X-Forwarded-Email",
		"QCADMIN_AUTH_GROUPS_HEADER=X-Forwarded-Groups",
		"QCADMIN_TRUSTED_PROXIES="+proxyAddr+"/32",
		"QCADMIN_AGENTS_FILE="+agents,
		"VELORA_TOKEN="+token,
	)
	proxy := startProxy(t, a.URL)
	waitThrough(t, proxy+"/readyz", basic("ana"))

	// Without credentials the proxy answers, not the console.
	res, err := http.Get(proxy + "/articles")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("the proxy let an anonymous request through: %d", res.StatusCode)
	}

	ctx := newBrowser(t)
	title := fmt.Sprintf("Proxy journey %d", time.Now().UnixNano()%100000)
	step(t, ctx, "sign in through the proxy as ana",
		headers(basic("ana")),
		chromedp.Navigate(proxy+"/"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=articles]`)),
	)
	if got := text(t, ctx, `[data-testid=identity]`); got != "ana@velora.example" {
		t.Fatalf("the console shows %q, want the identity the proxy sent", got)
	}
	if got := text(t, ctx, `[data-testid=groups]`); !strings.Contains(got, "editors") {
		t.Errorf("groups shown %q", got)
	}
	if got := text(t, ctx, `[data-testid=agent-label]`); got != "Velora support" {
		t.Errorf("agent %q, want the provisioned agent", got)
	}

	step(t, ctx, "write an article as ana",
		chromedp.Click(chromedp.CSS(`[data-testid=new-article]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=article-form]`)),
		chromedp.SendKeys(chromedp.ID("title"), title),
		chromedp.SendKeys(chromedp.ID("content"), "Written through the company sign-in."),
		chromedp.Click(chromedp.CSS(`[data-testid=publish]`)),
	)
	waitFor(t, ctx, "the article to be saved", `document.querySelector('[data-testid=flash]')?.innerText.includes('Published')`)

	step(t, ctx, "open the audit log",
		chromedp.Navigate(proxy+"/audit"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=audit]`)),
	)
	row := text(t, ctx, `[data-testid=audit-row]`) // newest first
	if !strings.Contains(row, "ana@velora.example") || !strings.Contains(row, title) {
		t.Errorf("the newest audit entry %q does not name ana and the article", row)
	}
	// The client address comes through the trusted proxy's X-Forwarded-For, not the proxy's own address.
	if strings.Contains(row, proxyAddr) || !strings.Contains(row, "127.0.0.1") {
		t.Errorf("the audit entry %q should record the browser's address, not the proxy's", row)
	}

	// sam is in support: the read role on the same write_all token.
	sam := newBrowser(t)
	step(t, sam, "sign in through the proxy as sam",
		headers(basic("sam")),
		chromedp.Navigate(proxy+"/articles"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=articles]`)),
	)
	if got := text(t, sam, `[data-testid=identity]`); got != "sam@velora.example" {
		t.Fatalf("the console shows %q for sam", got)
	}
	controls, _ := chromedp.Run(sam, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid=new-article], input[name=ids], [data-testid=bulk-delete]').length`))
	if controls != 0 {
		t.Errorf("sam (read role) sees %d write controls on the article list", controls)
	}
	step(t, sam, "open an article as sam",
		chromedp.Click(chromedp.CSS(`[data-testid=article-row] a`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=article-form]`)),
	)
	controls, _ = chromedp.Run(sam, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid=publish], [data-testid=save-draft], [data-testid=delete-article]').length`))
	if controls != 0 {
		t.Errorf("sam (read role) sees %d write controls on an article", controls)
	}
	if got := text(t, sam, `[data-testid=account]`); !strings.Contains(got, "read only") {
		t.Errorf("sam's account block %q does not say read only", got)
	}

	// The same identity headers, straight to the console's port: the peer is
	// 127.0.0.1, not the trusted proxy, so they are ignored.
	forged := map[string]string{"X-Forwarded-Email": "ana@velora.example", "X-Forwarded-Groups": "editors"}
	step(t, sam, "send ana's headers straight to the console",
		headers(forged),
		chromedp.Navigate(a.URL+"/articles"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=proxy-signin]`)),
	)
	if n, _ := chromedp.Run(sam, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid=identity], [data-testid=articles]').length`)); n != 0 {
		t.Error("the console believed identity headers sent straight to it")
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest(http.MethodGet, a.URL+"/articles", nil)
	for k, v := range forged {
		req.Header.Set(k, v)
	}
	res, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("direct request with identity headers = %d → %q, want sent to sign in", res.StatusCode, res.Header.Get("Location"))
	}
}
