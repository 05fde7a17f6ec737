package sandbox

import (
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"qcadmin/sandbox/seed"
)

// conversationsSeededKey marks, in the meta table, that the demo agent's conversations were created. It is
// separate from seededKey, so a database from before conversations existed gets them once, on its next start.
const conversationsSeededKey = "demo_conversations_seeded_at"

// seedSpan is how far back the demo conversations go.
const seedSpan = 30 * 24 * time.Hour

// seededConversation is one generated demo conversation.
type seededConversation struct {
	conv     conversationRecord
	events   []eventRecord
	metadata map[string]any // nil: none
}

// seedDemoConversations creates the demo agent's conversations unless the database has had them before.
func seedDemoConversations(ctx context.Context, st *store, now time.Time) error {
	return st.inTx(ctx, func(tx *sql.Tx) error {
		if _, done, err := metaValue(ctx, tx, conversationsSeededKey); err != nil || done {
			return err
		}
		var existing int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM conversations WHERE scenario_id = ?", DemoScenarioID).Scan(&existing); err != nil {
			return err
		}
		if existing == 0 {
			for _, sc := range demoConversations(now) {
				metadata := "{}"
				if sc.metadata != nil {
					raw, err := json.Marshal(sc.metadata)
					if err != nil {
						return err
					}
					metadata = string(raw)
				}
				if err := insertConversation(ctx, tx, DemoScenarioID, sc.conv, sc.events, metadata); err != nil {
					return err
				}
			}
		}
		return setMetaValue(ctx, tx, conversationsSeededKey, now.UTC().Format(time.RFC3339))
	})
}

// convPlan is what is decided about a conversation before its transcript is written.
type convPlan struct {
	lang   *seed.Language
	story  seed.Story
	source string
	age    time.Duration // of its first message
	open   bool
	human  bool // a human operator took over (otherwise a handoff story waits in the queue when open)
}

// demoConversations writes the demo agent's conversations of the 30 days before now. A fixed seed makes
// every fresh demo show the same inbox, so screenshots and walkthroughs match.
func demoConversations(now time.Time) []seededConversation {
	rng := rand.New(rand.NewPCG(0x7e10, 2026))
	now = now.UTC().Truncate(time.Second)
	langs := seed.Languages()

	var plans []convPlan
	for li := range langs {
		lang := &langs[li]
		stories := slices.Clone(lang.Stories)
		rng.Shuffle(len(stories), func(i, j int) { stories[i], stories[j] = stories[j], stories[i] })
		for i := range lang.Count {
			plans = append(plans, convPlan{lang: lang, story: stories[i%len(stories)]})
		}
	}
	rng.Shuffle(len(plans), func(i, j int) { plans[i], plans[j] = plans[j], plans[i] })
	plans = append(plans, convPlan{lang: &langs[0], story: seed.DealerEmbedStory(), source: "slack"})

	// Mostly the widget, as on most Quickchat agents; every other channel at least twice.
	sources := weighted(map[string]int{"widget": 34, "whatsapp": 9, "email": 6, "telegram": 5, "messenger": 4, "slack": 3, "api": 3})
	rng.Shuffle(len(sources), func(i, j int) { sources[i], sources[j] = sources[j], sources[i] })
	n := len(plans)
	for i := range plans {
		if plans[i].source == "" {
			plans[i].source = sources[i%len(sources)]
		}
		// Spread over the month, denser towards today, as a growing shop sees it.
		u := (float64(i) + rng.Float64()) / float64(n)
		plans[i].age = 25*time.Minute + time.Duration(math.Pow(u, 1.3)*float64(seedSpan-36*time.Hour))
		hours := plans[i].age.Hours()
		switch {
		case hours < 36:
			plans[i].open = rng.Float64() < 0.6
		case hours < 120:
			plans[i].open = rng.Float64() < 0.2
		default:
			plans[i].open = rng.Float64() < 0.04
		}
	}
	plans[n-1].age = 6*24*time.Hour + 3*time.Hour // the dealer's chat: a settled week-old conversation
	plans[n-1].open = false
	assignHandoffs(plans)

	out := make([]seededConversation, n)
	for i, p := range plans {
		out[i] = writeConversation(rng, p, now)
	}
	// Numbered in the order they started, like Quickchat's ord.
	slices.SortFunc(out, func(a, b seededConversation) int { return a.conv.Created.Compare(b.conv.Created) })
	for i := range out {
		out[i].conv.Ord = int64(i + 1)
	}
	return out
}

// assignHandoffs decides who answers the handoff stories: the three newest wait in the queue, unassigned;
// the next two are open with a human; older ones a human has settled.
func assignHandoffs(plans []convPlan) {
	var handoffs []int
	for i, p := range plans {
		if p.story.Handoff {
			handoffs = append(handoffs, i)
		}
	}
	slices.SortFunc(handoffs, func(a, b int) int { return int(plans[a].age - plans[b].age) })
	for rank, i := range handoffs {
		plans[i].open = rank < 5 || plans[i].open
		plans[i].human = rank >= 3
	}
}

func weighted(weights map[string]int) []string {
	var out []string
	for _, key := range slices.Sorted(maps.Keys(weights)) {
		for range weights[key] {
			out = append(out, key)
		}
	}
	return out
}

// writeConversation writes one planned conversation: visitor, transcript, statuses, analysis and metadata.
func writeConversation(rng *rand.Rand, p convPlan, now time.Time) seededConversation {
	lang := p.lang
	vars := strings.NewReplacer(
		"{model}", pick(rng, seed.Models),
		"{order}", fmt.Sprintf("VB-%05d", 10000+rng.IntN(90000)),
		"{city}", pick(rng, lang.Cities),
		"{code}", pick(rng, seed.ErrorCodes),
		"{km}", fmt.Sprint(500+rng.IntN(120)),
	)
	handoff := p.story.Handoff
	queued := handoff && !p.human
	var operator seed.Person
	ticket := fmt.Sprintf("T-%d", 40000+rng.IntN(9000))
	if handoff && p.human {
		operator = seed.Operators[pick(rng, lang.Operators)]
	}
	clicks := p.story.Link != "" && rng.Float64() < 0.6
	rated := !p.open && !handoff && rng.Float64() < 0.45

	// The transcript, on a clock starting at the first message.
	t := now.Add(-p.age).Truncate(time.Second)
	var events []eventRecord
	add := func(typ, author, text, url string) {
		events = append(events, eventRecord{Type: typ, Created: t, Author: author, Text: text, URL: url})
	}
	wait := func(lo, hi time.Duration) {
		t = t.Add(lo + time.Duration(rng.Int64N(int64(hi-lo)))).Truncate(time.Second)
	}
	for i, turn := range p.story.Turns {
		author := authorVisitor
		if i%2 == 1 {
			author = assigneeAI
			wait(4*time.Second, 15*time.Second)
		} else if i > 0 {
			wait(25*time.Second, 4*time.Minute)
		}
		add(eventMessage, author, vars.Replace(turn), "")
		if author == assigneeAI && clicks && strings.Contains(turn, `href="`+p.story.Link+`"`) {
			wait(5*time.Second, 20*time.Second)
			add(eventLinkClick, "", "", p.story.Link)
		}
	}
	if handoff {
		wait(4*time.Second, 12*time.Second)
		add(eventMessage, assigneeAI, lang.Handoff.Offer, "")
		wait(time.Second, 2*time.Second)
		add(eventLog, "", "Handoff requested", "")
	}
	if handoff && p.human {
		first, _, _ := strings.Cut(operator.Name, " ")
		script := strings.NewReplacer("{first}", first, "{ticket}", ticket)
		wait(2*time.Minute, 40*time.Minute)
		add(eventLog, "", operator.Name+" joined the conversation", "")
		wait(20*time.Second, time.Minute)
		add(eventMessage, assigneeHuman, script.Replace(lang.Handoff.Hello), "")
		wait(time.Minute, 5*time.Minute)
		add(eventMessage, authorVisitor, lang.Handoff.VisitorReply, "")
		wait(time.Minute, 4*time.Minute)
		add(eventMessage, assigneeHuman, script.Replace(lang.Handoff.Ticket), "")
	}
	positive := p.story.Sentiment != "negative"
	if rated {
		wait(10*time.Second, time.Minute)
		add(eventLog, "", map[bool]string{true: "Rating: 👍", false: "Rating: 👎"}[positive], "")
	}
	// Nothing happens in the future: a chat that would run past now started earlier.
	if shift := t.Sub(now.Add(-2 * time.Minute)); shift > 0 {
		for i := range events {
			events[i].Created = events[i].Created.Add(-shift)
		}
	}

	c := conversationRecord{
		ID: seedUUID(rng), Created: events[0].Created, Title: vars.Replace(p.story.Title), Source: p.source,
		ResolutionStatus: statusResolved, AssigneeType: assigneeAI, ClientMetadata: "{}", Language: lang.Code,
		Sentiment: p.story.Sentiment, Topic: p.story.Topic, Resolution: "resolved",
	}
	var last eventRecord // the last message
	for _, ev := range events {
		if ev.Type != eventMessage {
			continue
		}
		last, c.LastMessage = ev, ev.Created
		if ev.Author == authorVisitor {
			created := ev.Created
			c.LastVisitorMessage = &created
		}
	}
	switch {
	case queued:
		c.AssigneeType = assigneeUnassigned
	case handoff:
		c.AssigneeType = assigneeHuman
		c.AssigneeName, c.AssigneeEmail = &operator.Name, &operator.Email
	}
	if p.open {
		c.ResolutionStatus, c.Resolution = statusOpen, "unresolved"
		c.HasUnread = queued || last.Author == authorVisitor || rng.Float64() < 0.2
		c.Terminated = !queued && rng.Float64() < 0.15 // the visitor closed the chat before an answer
		c.Flagged = p.story.Sentiment == "negative"
	} else {
		c.Terminated = rng.Float64() < 0.5
		if !handoff && !rated && rng.Float64() < 0.5 {
			c.Resolution = "assumed_resolved" // the visitor left without saying whether it helped
		}
	}
	if c.Topic == seed.DealerEmbedTopic {
		c.Flagged = true // raw markup in a reply: the team should look at it
	}
	visitorDetails(rng, &c, lang)
	return seededConversation{conv: c, events: events, metadata: seedMetadata(rng, c, ticket, operator, now)}
}

// visitorDetails fills in who the visitor is, as far as the channel tells: a website visitor is usually
// anonymous, a WhatsApp one has a phone number, an email one an address.
func visitorDetails(rng *rand.Rand, c *conversationRecord, lang *seed.Language) {
	who := pick(rng, lang.Visitors)
	name, email := &who.Name, &who.Email
	phone := lang.Phone(rng)
	switch c.Source {
	case "widget":
		page := seed.Site + pick(rng, seed.Pages)
		c.URL = &page
		if rng.Float64() < 0.6 {
			name, email = nil, nil
		} else if rng.Float64() < 0.5 {
			// The pre-chat form asked for name and email.
			gathered, _ := json.Marshal(map[string]string{"name": who.Name, "email": who.Email})
			s := string(gathered)
			c.DataGathering = &s
		}
		if rng.Float64() < 0.4 {
			c.ClientMetadata = fmt.Sprintf(`{"plan":%q,"userId":%d}`, pick(rng, []string{"basic", "pro"}), 1000+rng.IntN(9000))
		}
		c.VisitorName, c.VisitorEmail = name, email
	case "whatsapp":
		c.VisitorPhone = &phone
		if rng.Float64() < 0.6 {
			c.VisitorName = name
		}
	case "telegram", "messenger":
		c.VisitorName = name
	case "email", "slack":
		c.VisitorName, c.VisitorEmail = name, email
	case "api":
		// The Velora app starts these chats for a signed-in rider.
		c.VisitorName, c.VisitorEmail = name, email
		c.ClientMetadata = fmt.Sprintf(`{"appVersion":%q,"plan":%q,"platform":%q,"userId":%d}`,
			pick(rng, []string{"3.4.1", "3.5.0"}), pick(rng, []string{"basic", "pro"}), pick(rng, []string{"ios", "android"}), 1000+rng.IntN(9000))
	}
	switch {
	case c.Source == "slack":
		label := "Dealer"
		c.VisitorLabel = &label
		if c.Topic == seed.DealerEmbedTopic {
			dealer, address := "Pieter de Vries", "pieter@fietshuis-utrecht.example"
			c.VisitorName, c.VisitorEmail = &dealer, &address
		}
	case c.VisitorName != nil && rng.Float64() < 0.25:
		label := pick(rng, []string{"VIP", "Returning customer", "Fleet customer"})
		c.VisitorLabel = &label
	}
}

// seedMetadata writes what the team recorded about about a third of the conversations: every human
// handoff has a ticket and a priority, the queue a priority, and some chats a review of the AI's answers.
func seedMetadata(rng *rand.Rand, c conversationRecord, ticket string, operator seed.Person, now time.Time) map[string]any {
	m := map[string]any{}
	switch c.AssigneeType {
	case assigneeHuman:
		m["ticket_id"] = ticket
		m["priority"] = map[bool]string{true: "high", false: "normal"}[c.Sentiment == "negative"]
	case assigneeUnassigned:
		m["priority"] = map[bool]string{true: "urgent", false: "high"}[c.Sentiment == "negative"]
	}
	if c.Topic == seed.DealerEmbedTopic {
		m["priority"] = "low"
		m["review_status"] = "needs_work"
		m["review_note"] = "Vela pasted raw <script> markup into the chat. Dealers should get embed code from the dealer portal instead."
		m["review_by"] = "Jonas Becker"
		m["review_at"] = c.LastMessage.Add(20 * time.Hour).Format(time.RFC3339)
		m["follow_up"] = true
	} else if c.AssigneeType == assigneeAI && c.ResolutionStatus == statusResolved && rng.Float64() < 0.22 {
		reviewer := pick(rng, seed.Operators)
		reviewed := c.LastMessage.Add(time.Duration(1+rng.IntN(30)) * time.Hour)
		if reviewed.After(now) {
			reviewed = now.Add(-time.Minute)
		}
		status, note := "good", pick(rng, seed.ReviewNotesGood)
		if c.Sentiment == "negative" || rng.Float64() < 0.3 {
			status, note = "needs_work", pick(rng, seed.ReviewNotesNeedsWork)
		}
		m["review_status"], m["review_note"], m["review_by"], m["review_at"] = status, note, reviewer.Name, reviewed.Format(time.RFC3339)
		if rng.Float64() < 0.4 {
			m["priority"] = "low"
		}
	}
	// Types beyond strings, so clients show that numbers, booleans and nested objects survive.
	if c.Topic == "Refunds" && len(m) > 0 {
		m["refund_eur"] = json.Number("349.50")
		m["order"] = map[string]any{"items": 1, "paid_with": "card"}
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

// seedUUID makes a random (version 4) UUID from the seed's generator.
func seedUUID(rng *rand.Rand) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], rng.Uint64())
	binary.BigEndian.PutUint64(b[8:], rng.Uint64())
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

func pick[T any](rng *rand.Rand, options []T) T { return options[rng.IntN(len(options))] }
