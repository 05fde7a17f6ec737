// Package gaps finds where the agent falls short: the key terms of the
// visitors' questions, and the conversations that went wrong grouped by what
// they were about, so the team sees which knowledge is missing.
package gaps

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/hungarian"
	"github.com/kljensen/snowball/norwegian"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
	"github.com/kljensen/snowball/swedish"

	"qcadmin/store"
)

// language is a Snowball stemmer and its stop words.
type language struct {
	stem func(word string, stemStopWords bool) string
	stop func(word string) bool
}

// languages are those Snowball stems, by ISO 639-1 code (Quickchat's most_frequent_language).
var languages = map[string]language{
	"en": {english.Stem, english.IsStopWord},
	"fr": {french.Stem, french.IsStopWord},
	"es": {spanish.Stem, spanish.IsStopWord},
	"sv": {swedish.Stem, swedish.IsStopWord},
	"no": {norwegian.Stem, norwegian.IsStopWord},
	"nb": {norwegian.Stem, norwegian.IsStopWord},
	"ru": {russian.Stem, russian.IsStopWord},
	"hu": {hungarian.Stem, hungarian.IsStopWord},
}

// chatter is what visitors write around a question in any chat: greetings
// and courtesy say nothing about what they need.
var chatter = map[string]bool{
	"hi": true, "hello": true, "hey": true, "thanks": true, "thank": true, "please": true, "would": true, "could": true,
	"can": true, "get": true, "got": true, "also": true, "yes": true, "okay": true, "still": true, "need": true,
	"want": true, "know": true, "help": true, "anyone": true, "today": true, "now": true, "just": true, "anymore": true,
	"ago": true, "somewhere": true, "tell": true, "like": true, "really": true, "much": true, "many": true,
	// What is left of a negation once the apostrophe splits it ("haven't" → "haven").
	"haven": true, "hasn": true, "hadn": true, "isn": true, "aren": true, "wasn": true, "weren": true, "doesn": true,
	"didn": true, "won": true, "wouldn": true, "couldn": true, "shouldn": true,
}

// maxTerms bounds the terms kept per conversation.
const maxTerms = 40

// Terms are the key terms of text in lang (a code such as "en"): words of
// letters or digits, lower case, without stop words, chat courtesies, short
// words and bare numbers, each with its Snowball stem where Snowball knows
// the language (the word itself otherwise), in the order written, each stem once.
func Terms(text, lang string) []store.GapTerm {
	l, known := languages[strings.ToLower(lang)]
	if !known {
		l = languages["en"] // many visitors mix in English; its stop words cost other languages little
		l.stem = nil
	}
	var out []store.GapTerm
	seen := map[string]bool{}
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for _, w := range words {
		if utf8.RuneCountInString(w) < 3 || chatter[w] || l.stop(w) || isNumber(w) {
			continue
		}
		stem := w
		if l.stem != nil {
			stem = l.stem(w, false)
		}
		if stem == "" || seen[stem] {
			continue
		}
		seen[stem] = true
		out = append(out, store.GapTerm{Stem: stem, Word: w})
		if len(out) == maxTerms {
			break
		}
	}
	return out
}

func isNumber(w string) bool {
	return strings.IndexFunc(w, func(r rune) bool { return !unicode.IsDigit(r) }) < 0
}
