package sandbox

import (
	"database/sql"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestDemoConversationsSeed(t *testing.T) {
	e := newEnv(t)
	now := e.clock.Now()
	all := e.allConversations(e.read)
	if len(all) < 60 {
		t.Fatalf("seed has %d conversations, want at least 60", len(all))
	}
	sources, assignees, statuses, languages := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	operators := map[string]bool{}
	var anonymous, named, withEmail, withPhone, terminated, unread, labelled int
	ords := map[int64]bool{}
	byLanguage := map[string][]string{} // language → every message of its conversations
	for _, c := range all {
		sources[c.Source]++
		assignees[c.Assignee.Type]++
		statuses[c.ResolutionStatus]++
		ords[c.Ord] = true
		if c.Assignee.Type == assigneeHuman {
			operators[c.Assignee.Name+" <"+c.Assignee.Email+">"] = true
		}
		if c.VisitorName == nil {
			anonymous++
		} else {
			named++
		}
		for _, n := range []struct {
			v *string
			n *int
		}{{c.VisitorEmail, &withEmail}, {c.VisitorPhoneNumber, &withPhone}, {c.VisitorLabel, &labelled}} {
			if n.v != nil {
				*n.n++
			}
		}
		if c.Terminated {
			terminated++
		}
		if c.HasUnreadMessages {
			unread++
		}
		created, err1 := time.Parse(time.RFC3339, c.CreatedAt)
		last, err2 := time.Parse(time.RFC3339, c.LastMessageAt)
		if err1 != nil || err2 != nil || created.Before(now.Add(-30*24*time.Hour)) || last.After(now) || last.Before(created) {
			t.Errorf("conversation %d: created %s, last message %s; want both within the 30 days before %s", c.Ord, c.CreatedAt, c.LastMessageAt, now)
		}
		if c.Title == "" || strings.Contains(c.Title, "{") {
			t.Errorf("conversation %d: title %q", c.Ord, c.Title)
		}
		if c.ResolutionStatus == statusResolved && c.Assignee.Type == assigneeUnassigned {
			t.Errorf("conversation %d is resolved but waits in the handoff queue", c.Ord)
		}
		lang := e.conversationDetails(e.read, c.ID).MostFrequentLanguage
		languages[lang]++
		for _, ev := range e.events(e.read, c.ID, "limit=200").Items {
			if ev.Type == eventMessage && ev.Author == authorVisitor {
				byLanguage[lang] = append(byLanguage[lang], *ev.Text)
			}
			if ev.Text != nil && strings.ContainsAny(*ev.Text, "{}") && !strings.Contains(*ev.Text, "this.style") {
				t.Errorf("conversation %d: placeholder left in %q", c.Ord, *ev.Text)
			}
		}
	}
	if len(ords) != len(all) || !ords[1] || !ords[int64(len(all))] {
		t.Errorf("ords are not 1..%d", len(all))
	}
	if len(sources) < 5 || sources["widget"] < len(all)/3 || sources["widget"] != slices.Max(mapValues(sources)) {
		t.Errorf("sources %v: want at least 5, mostly widget", sources)
	}
	if len(languages) < 3 || languages["en"] != slices.Max(mapValues(languages)) {
		t.Errorf("languages %v: want at least 3, mostly en", languages)
	}
	if assignees[assigneeAI] == 0 || assignees[assigneeHuman] == 0 || assignees[assigneeUnassigned] == 0 || assignees[assigneeAI] < len(all)/2 {
		t.Errorf("assignees %v: want all three, mostly the AI", assignees)
	}
	if n := len(operators); n < 2 || n > 3 {
		t.Errorf("%d human operators: %v", n, operators)
	}
	if statuses[statusOpen] == 0 || statuses[statusResolved] == 0 {
		t.Errorf("statuses %v", statuses)
	}
	if anonymous < len(all)/4 || named == 0 || withEmail == 0 || withPhone == 0 || labelled == 0 || terminated == 0 || unread == 0 {
		t.Errorf("anonymous %d, named %d, email %d, phone %d, labelled %d, terminated %d, unread %d",
			anonymous, named, withEmail, withPhone, labelled, terminated, unread)
	}
	// Visitors write in the conversation's language.
	for lang, word := range map[string]string{"de": "ich", "fr": "je", "es": "gracias", "pl": "dziękuję", "en": "the"} {
		text := fold(strings.Join(byLanguage[lang], " "))
		if !strings.Contains(text, word) {
			t.Errorf("no %s visitor writes %q", lang, word)
		}
	}
}

func mapValues(m map[string]int) []int {
	var out []int
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func TestDemoConversationsAreDeterministic(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	a, b := demoConversations(now), demoConversations(now)
	if len(a) != len(b) {
		t.Fatalf("%d then %d conversations", len(a), len(b))
	}
	for i := range a {
		if a[i].conv.ID != b[i].conv.ID || a[i].conv.Title != b[i].conv.Title || len(a[i].events) != len(b[i].events) {
			t.Fatalf("conversation %d differs between two runs", i)
		}
	}
	// Relative to the clock: a week later, the same inbox a week later.
	later := demoConversations(now.Add(7 * 24 * time.Hour))
	if d := later[0].conv.Created.Sub(a[0].conv.Created); d != 7*24*time.Hour {
		t.Errorf("a week later the first conversation moved by %s", d)
	}
}

func TestConversationStatePersistsAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	e := newEnvWith(t, Config{DataDir: dir})
	before := e.allConversations(e.read)
	id := before[3].ID
	metadata := `{"metadata":{"priority":"urgent","review_status":"good","score":4.50}}`
	e.do("POST", metadataPath(id), e.write, metadata).wantStatus(t, http.StatusOK)
	e.do("PATCH", ratingPath, e.write, `{"conv_rating_active":false,"conv_rating_popup_active":false,"conv_rating_question_codes":["NPS"]}`).
		wantStatus(t, http.StatusOK)
	if err := e.sb.Close(); err != nil {
		t.Fatal(err)
	}

	// A later start (the clock moved on) neither re-seeds nor forgets.
	e2 := newEnvWith(t, Config{DataDir: dir, Now: func() time.Time { return time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC) }})
	after := e2.allConversations(e2.read)
	if !slices.Equal(idsOf(after), idsOf(before)) {
		t.Errorf("after restart %d conversations, want the same %d", len(after), len(before))
	}
	if r := e2.do("GET", metadataPath(id), e2.read, nil); string(r.Body) != `{"metadata":{"priority":"urgent","review_status":"good","score":4.50}}`+"\n" {
		t.Errorf("metadata after restart: %s", r.Body)
	}
	if c := e2.ratingConfig(e2.read); c.Active || c.PopupActive || !slices.Equal(c.QuestionCodes, []string{"NPS"}) {
		t.Errorf("rating configuration after restart: %+v", c)
	}
}

// TestUpgradeSeedsConversationsOnce opens a database from before conversations existed: the demo agent gets
// its conversations, its knowledge base is left alone, and the next start adds nothing.
func TestUpgradeSeedsConversationsOnce(t *testing.T) {
	dir := t.TempDir()
	all := migrations()
	before := slices.IndexFunc(all, func(m string) bool { return strings.Contains(m, "CREATE TABLE conversations") })
	if before < 1 {
		t.Fatal("no conversations migration")
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, "sandbox.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range append(slices.Clone(all[:before]),
		fmt.Sprintf("PRAGMA user_version = %d", before),
		fmt.Sprintf("INSERT INTO meta (key, value) VALUES ('%s', '2026-01-01T00:00:00Z')", seededKey),
	) {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatalf("%.60s: %v", stmt, err)
		}
	}
	db.Close()

	e := newEnvWith(t, Config{DataDir: dir})
	seeded := e.conversations(e.read, "").Count
	if seeded < 60 {
		t.Errorf("upgrade seeded %d conversations", seeded)
	}
	if n := e.list(e.read, "").Count; n != 0 {
		t.Errorf("upgrade re-seeded %d articles into a knowledge base seeded before", n)
	}
	e.sb.Close()
	e2 := newEnvWith(t, Config{DataDir: dir})
	if n := e2.conversations(e2.read, "").Count; n != seeded {
		t.Errorf("second start: %d conversations, want %d", n, seeded)
	}
	var value string
	if err := e2.sb.store.db.QueryRow("SELECT value FROM meta WHERE key = ?", conversationsSeededKey).Scan(&value); err != nil || value == "" {
		t.Errorf("seed mark: %q (%v)", value, err)
	}
}
