package sandbox

import (
	"context"
	"regexp"
	"slices"
	"strings"
)

// How the agent answers: the sandbox has no language model, so it answers with the knowledge base's
// own words, the best paragraph and, when it is nearly as good, the next one.
const (
	chatParagraphs  = 2
	chatFoundPrefix = "Here is what I found in our help center:"
	// secondParagraphShare is how relevant the second paragraph must be, as a share of the first's rank, to be shown too.
	secondParagraphShare = 0.5
	chatTopicUnanswered  = "Unanswered"
	chatTopicGreeting    = "Greeting"
)

// chatStopWords are words that say nothing about what a visitor asks, in the demo's languages; a
// question made only of them has nothing to look up.
var chatStopWords = wordSet(`
a about after again all also am an and any are as at be been before but by can could did do does doing
don dont for from get got had has have having he her here how i if im in into is it its just know let
me more most my need no not now of on one or our out please so some than that the their them then there
these they this to too up us very want was we were what when where which who why will with would you your
der die das den dem des ein eine einen einem und oder ist sind ich mein meine mir mich wie was wo wann
warum zu zum zur mit von für auf im in es sie wir ihr kann können nicht bitte danke auch noch
le la les un une des et ou est sont je mon ma mes comment quoi où quand pourquoi pour avec de du en au aux
il elle nous vous ce cette merci est-ce qu que qui
el la los las un una unos unas y o es son yo mi mis cómo como qué que dónde cuándo para con de del en por
se lo gracias
i w z na do jak co gdzie kiedy jest są mój moja moje się nie czy to ten ta dla od po
`)

// chatGreetings are the words of a hello; a message of greetings alone gets the agent's greeting back.
var chatGreetings = wordSet(`hi hello hey hiya howdy morning evening hallo moin servus bonjour salut hola buenas cześć witam hej ciao`)

// chatSynonyms map everyday words of a question to the words help center articles use for the same thing;
// without a language model, "how far can I ride" would otherwise never find the article on range.
var chatSynonyms = map[string][]string{
	"far": {"range"}, "distance": {"range"}, "money": {"refund"}, "broken": {"damaged"}, "broke": {"damaged"},
	"arrive": {"delivery"}, "arrives": {"delivery"}, "deliver": {"delivery"}, "delivered": {"delivery"},
	"ship": {"shipping"}, "shipped": {"shipping"}, "send": {"return"}, "cost": {"price"}, "costs": {"price"},
	"login": {"password", "account"}, "log": {"account"}, "sign": {"account"},
}

func wordSet(words string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(words) {
		set[w] = true
	}
	return set
}

// chatWords are the words of a visitor's message worth looking up: without stop words and greetings,
// lower-cased, at most maxQueryTerms of them.
func chatWords(text string) (words []string, greeted bool) {
	for _, w := range queryWords(text, false, false) {
		w = fold(w)
		switch {
		case chatGreetings[w]:
			greeted = true
		case chatStopWords[w]:
		default:
			for _, word := range append([]string{w}, chatSynonyms[w]...) {
				if len(words) < maxQueryTerms && !slices.Contains(words, word) {
					words = append(words, word)
				}
			}
		}
	}
	return words, greeted
}

// chatAnswer is the agent's reply to one message and what the conversation is about.
type chatAnswer struct {
	Reply string // HTML
	Topic string
}

// answer looks the visitor's message up in the scenario's published paragraphs and composes the reply.
func (s *Sandbox) answer(ctx context.Context, scenarioID, text string) (chatAnswer, error) {
	words, greeted := chatWords(text)
	if len(words) == 0 && greeted {
		c, err := s.store.chatbotSettings(ctx, scenarioID)
		if err != nil {
			return chatAnswer{}, err
		}
		greeting := c.Greeting
		if strings.TrimSpace(greeting) == "" {
			greeting = defaultChatbotCore().Greeting // a team that cleared the greeting still gets a hello back
		}
		return chatAnswer{Reply: greeting, Topic: chatTopicGreeting}, nil
	}
	hits, err := s.store.searchParagraphs(ctx, scenarioID, words, chatParagraphs)
	if err != nil {
		return chatAnswer{}, err
	}
	if len(hits) == 0 {
		return chatAnswer{Reply: fallbackReply(scenarioID), Topic: chatTopicUnanswered}, nil
	}
	best := hits[:1]
	// bm25 ranks are negative, better ones further below zero.
	if len(hits) > 1 && hits[1].Score <= hits[0].Score*secondParagraphShare {
		best = hits[:2]
		// Two paragraphs of one article read best in the article's order.
		if best[0].ArticleID == best[1].ArticleID && best[1].Position < best[0].Position {
			best = []paragraphHit{best[1], best[0]}
		}
	}
	parts := []string{chatFoundPrefix}
	for _, h := range best {
		parts = append(parts, paragraphHTML(h.Content))
	}
	return chatAnswer{Reply: strings.Join(parts, "<br><br>"), Topic: hits[0].Title}, nil
}

// fallbackReply is what the agent says when the knowledge base has no answer: it says so and offers the team.
func fallbackReply(scenarioID string) string {
	place := "our help center"
	if scenarioID == DemoScenarioID {
		place = "the Velora help center"
	}
	return "I could not find that in " + place + ". Would you like to talk to our team?"
}

// Markdown a chat bubble would show as noise: emphasis, code ticks, links' brackets and table rules.
var (
	headingMarker = regexp.MustCompile(`^#{1,6}\s+`)
	mdLink        = regexp.MustCompile(`\[([^\]]*)\]\(([^)\s]*)\)`)
	tableRule     = regexp.MustCompile(`^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$`)
)

// textEscaper escapes what HTML would read as markup; quotes stay readable, as text between tags allows.
var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// paragraphHTML turns a Markdown paragraph into plain text for a chat bubble: markup removed, the text
// escaped (a reply is HTML), lines kept apart with <br>, table rows as "cell · cell".
func paragraphHTML(markdown string) string {
	var lines []string
	for line := range strings.SplitSeq(strings.ReplaceAll(markdown, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || tableRule.MatchString(line) || strings.HasPrefix(line, "```") || strings.HasPrefix(line, "~~~") {
			continue
		}
		line = headingMarker.ReplaceAllString(line, "")
		line = mdLink.ReplaceAllString(line, "$1 ($2)")
		line = strings.NewReplacer("**", "", "__", "", "`", "").Replace(line)
		if strings.HasPrefix(line, "|") {
			cells := strings.Split(strings.Trim(line, "|"), "|")
			for i := range cells {
				cells[i] = strings.TrimSpace(cells[i])
			}
			line = strings.Join(cells, " · ")
		}
		lines = append(lines, textEscaper.Replace(line))
	}
	return strings.Join(lines, "<br>")
}
