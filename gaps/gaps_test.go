package gaps_test

import (
	"slices"
	"testing"

	"qcadmin/gaps"
	"qcadmin/store"
)

func stems(ts []store.GapTerm) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Stem)
	}
	return out
}

func TestTermsStemAndDropStopWords(t *testing.T) {
	got := gaps.Terms("Hi! Do your batteries last? My battery's range dropped to 40 km, thanks", "en")
	if want := []string{"batteri", "last", "rang", "drop"}; !slices.Equal(stems(got), want) {
		t.Errorf("stems %v, want %v (%+v)", stems(got), want, got)
	}
	if got[0].Word != "batteries" {
		t.Errorf("the word as written: %+v", got[0])
	}
	// A language Snowball does not stem keeps its words whole.
	if got := stems(gaps.Terms("Die Lieferzeit für Bestellung", "de")); !slices.Equal(got, []string{"die", "lieferzeit", "für", "bestellung"}) {
		t.Errorf("German: %v", got)
	}
	if got := stems(gaps.Terms("Où est mon remboursement ?", "fr")); !slices.Equal(got, []string{"rembours"}) {
		t.Errorf("French: %v", got)
	}
}

func TestFindGroupsByTopicThenByKeyTerm(t *testing.T) {
	read := func(id, topic, question string) store.GapRead {
		return store.GapRead{ConversationID: id, Topic: topic, Analysed: topic != "", Questions: []string{question}, Terms: gaps.Terms(question, "en")}
	}
	all := []store.GapRead{
		read("a", "Refunds", "Where is my refund?"),
		read("b", "refunds ", "Refund still missing"),
		read("c", "", "Do you offer theft insurance?"),
		read("d", "", "Is insurance included with the bike?"),
		read("e", "", "Is the bike waterproof?"),
		read("f", "Delivery", "When does my bike arrive?"),
		read("g", "", "Where do I buy a bike?"),
	}
	var wrong []gaps.Conversation
	for _, r := range all[:6] {
		wrong = append(wrong, gaps.Conversation{GapRead: r, Reasons: []string{gaps.Negative}})
	}
	groups := gaps.Find(all, wrong)
	var got []string
	for _, g := range groups {
		got = append(got, g.Label)
	}
	// Largest first, then by name; "bike" is in too many of the period's questions to name a group.
	if want := []string{"insurance", "Refunds", "Delivery", "waterproof"}; !slices.Equal(got, want) {
		t.Fatalf("groups %v, want %v", got, want)
	}
	if g := groups[0]; g.ByTopic || len(g.Conversations) != 2 || g.Words[0] != "insurance" || g.Reasons[gaps.Negative] != 2 {
		t.Errorf("insurance: %+v", g)
	}
	if g := groups[1]; !g.ByTopic || len(g.Conversations) != 2 || g.Key != "topic:refunds" || !slices.Contains(g.Words, "refund") {
		t.Errorf("refunds: %+v", g)
	}
}

func TestReasons(t *testing.T) {
	r := store.GapRead{Analysed: true, Resolution: "unresolved", Sentiment: "negative", Flagged: true, Handoff: true}
	if got := gaps.Reasons(r, true); len(got) != 5 {
		t.Errorf("every reason: %v", got)
	}
	if got := gaps.Reasons(store.GapRead{Analysed: true, Resolution: "resolved", Sentiment: "positive"}, false); len(got) != 0 {
		t.Errorf("a conversation that went well: %v", got)
	}
	r.Test = true
	if got := gaps.Reasons(r, true); len(got) != 0 {
		t.Errorf("a playground test chat: %v", got)
	}
	// Without Quickchat's analysis, only the team's review and a handoff tell.
	if got := gaps.Reasons(store.GapRead{Resolution: "unresolved", Handoff: true}, false); !slices.Equal(got, []string{gaps.Handoff}) {
		t.Errorf("no analysis: %v", got)
	}
}
