package gaps

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"qcadmin/store"
)

// Why a conversation counts as gone wrong, as the page names it.
const (
	Unresolved = "unresolved"
	Negative   = "negative sentiment"
	Flagged    = "flagged"
	NeedsWork  = "needs work"
	Handoff    = "handed to a human"
)

// Reasons says why a conversation read went wrong: Quickchat's analysis
// (unresolved, negative, flagged), the team's latest review (needs work), a
// handoff. None means it went well as far as anyone can tell, or that it
// was the console's own test chat, which shows the agent, not a visitor's need.
func Reasons(r store.GapRead, needsWork bool) []string {
	if r.Test {
		return nil
	}
	var out []string
	if r.Analysed && r.Resolution == "unresolved" {
		out = append(out, Unresolved)
	}
	if r.Analysed && r.Sentiment == "negative" {
		out = append(out, Negative)
	}
	if r.Analysed && r.Flagged {
		out = append(out, Flagged)
	}
	if needsWork {
		out = append(out, NeedsWork)
	}
	if r.Handoff {
		out = append(out, Handoff)
	}
	return out
}

// Conversation is a conversation that went wrong, and why.
type Conversation struct {
	store.GapRead
	Reasons []string
}

// Group is the conversations that went wrong about one thing.
type Group struct {
	Key     string // "topic:" and the analysis topic, or "term:" and a stem
	Label   string // the topic as Quickchat wrote it, or the key term as visitors wrote it
	ByTopic bool   // grouped by Quickchat's topic, not by key term
	// Conversations are latest first.
	Conversations []Conversation
	// Words are the group's most telling key terms as visitors wrote them,
	// at most maxWords: what to look up in the knowledge base.
	Words []string
	// Reasons counts the conversations by why they went wrong.
	Reasons map[string]int
}

// maxWords is how many key terms name what a group is about.
const maxWords = 3

// Find groups the conversations that went wrong: by Quickchat's topic where
// its analysis gives one, otherwise by the key term that best sets the
// conversation apart (TF-IDF: a term of many of the wrong conversations and
// few of the period's, read is every conversation of the period read).
// Groups come largest first.
func Find(read []store.GapRead, wrong []Conversation) []Group {
	idf := inverseFrequency(read)
	// How many of the conversations without a topic share each stem.
	shared := map[string]int{}
	for _, c := range wrong {
		if topicKey(c.Topic) == "" {
			for _, t := range c.Terms {
				shared[t.Stem]++
			}
		}
	}
	byKey := map[string]*Group{}
	var order []string
	for _, c := range wrong {
		key, label, byTopic := "", "", false
		if k := topicKey(c.Topic); k != "" {
			key, label, byTopic = "topic:"+k, strings.TrimSpace(c.Topic), true
		} else if t, ok := keyTerm(c.Terms, shared, idf); ok {
			key, label = "term:"+t.Stem, t.Word
		} else {
			key, label = "none", "Questions with no key terms"
		}
		g := byKey[key]
		if g == nil {
			g = &Group{Key: key, Label: label, ByTopic: byTopic, Reasons: map[string]int{}}
			byKey[key] = g
			order = append(order, key)
		}
		g.Conversations = append(g.Conversations, c)
		for _, r := range c.Reasons {
			g.Reasons[r]++
		}
	}
	out := make([]Group, 0, len(order))
	for _, k := range order {
		g := byKey[k]
		g.Words = topWords(g.Conversations, idf)
		out = append(out, *g)
	}
	slices.SortStableFunc(out, func(a, b Group) int {
		if n := cmp.Compare(len(b.Conversations), len(a.Conversations)); n != 0 {
			return n
		}
		return cmp.Compare(strings.ToLower(a.Label), strings.ToLower(b.Label))
	})
	return out
}

func topicKey(topic string) string { return strings.ToLower(strings.Join(strings.Fields(topic), " ")) }

// inverseFrequency is each stem's inverse document frequency over the
// conversations read, smoothed so that a stem of every conversation still counts a little.
func inverseFrequency(read []store.GapRead) map[string]float64 {
	df := map[string]int{}
	for _, r := range read {
		for _, t := range r.Terms {
			df[t.Stem]++
		}
	}
	n := float64(len(read))
	idf := make(map[string]float64, len(df))
	for s, d := range df {
		idf[s] = math.Log(1 + n/float64(d))
	}
	return idf
}

// weight is a stem's inverse frequency; a stem of no conversation read (a
// conversation read since the period was counted) weighs as the rarest.
func weight(idf map[string]float64, stem string) float64 {
	if w, ok := idf[stem]; ok {
		return w
	}
	return math.Log(2)
}

// keyTerm is the conversation's term shared by most of the wrong
// conversations, weighted by how rare it is in the period; the first
// written wins a tie.
func keyTerm(terms []store.GapTerm, shared map[string]int, idf map[string]float64) (store.GapTerm, bool) {
	var best store.GapTerm
	bestScore := -1.0
	for _, t := range terms {
		if s := float64(shared[t.Stem]) * weight(idf, t.Stem); s > bestScore {
			best, bestScore = t, s
		}
	}
	return best, bestScore >= 0
}

// topWords are a group's most telling terms (TF-IDF over the group's
// conversations), each as its conversations wrote it most often.
func topWords(convs []Conversation, idf map[string]float64) []string {
	score := map[string]float64{}
	forms := map[string]map[string]int{}
	first := map[string]int{}
	pos := 0
	for _, c := range convs {
		for _, t := range c.Terms {
			score[t.Stem] += weight(idf, t.Stem)
			if forms[t.Stem] == nil {
				forms[t.Stem] = map[string]int{}
				first[t.Stem] = pos
				pos++
			}
			forms[t.Stem][t.Word]++
		}
	}
	stems := make([]string, 0, len(score))
	for s := range score {
		stems = append(stems, s)
	}
	slices.SortFunc(stems, func(a, b string) int {
		if n := cmp.Compare(score[b], score[a]); n != 0 {
			return n
		}
		return cmp.Compare(first[a], first[b])
	})
	var out []string
	for _, s := range stems[:min(maxWords, len(stems))] {
		word, most := "", 0
		for w, n := range forms[s] {
			if n > most || n == most && w < word {
				word, most = w, n
			}
		}
		out = append(out, word)
	}
	return out
}
