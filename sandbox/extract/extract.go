// Package extract reads what people upload or import into a knowledge base: the text of PDF and Word
// documents and of plain-text files, web pages as Markdown, and the addresses an XML sitemap lists.
// Sniff tells a file's kind by its bytes; Chunk cuts Markdown into the passages an agent answers from.
//
// It knows nothing of articles, requests or storage. Its errors say what is wrong with a document (one
// of the Err values, tested with errors.Is); callers put that into words for the person who sent it.
package extract

import "errors"

// MaxText is how much text, in bytes, reading one document collects before it stops: a caller that keeps
// at most MaxText/4 characters (four bytes each at most, in any script) loses nothing by the stop.
const MaxText = 800_000

// What can be wrong with a document. Errors that come with the parser's own explanation (ErrDamaged,
// ErrMalformedXML, ErrNotHTML, ErrMarkdown, ErrNotSitemap) carry it; Reason returns it.
var (
	ErrTimeout      = errors.New("took too long to read")
	ErrEncrypted    = errors.New("password-protected")
	ErrDamaged      = errors.New("damaged")
	ErrNoText       = errors.New("no text")
	ErrNotZIP       = errors.New("not a readable ZIP archive")
	ErrNotWord      = errors.New("not a Word document: no word/document.xml")
	ErrTooLarge     = errors.New("a part unpacks beyond MaxDOCXPart")
	ErrMalformedXML = errors.New("not well-formed XML")
	ErrNotUTF8      = errors.New("not UTF-8 text")
	ErrNotHTML      = errors.New("cannot be read as HTML")
	ErrNoMatch      = errors.New("the selector matches nothing")
	ErrMarkdown     = errors.New("cannot be converted to Markdown")
	ErrNotSitemap   = errors.New("not an XML sitemap")
)

// failure is one of the Err values with the reason a parser gave.
type failure struct {
	what, why error
}

func (f *failure) Error() string   { return f.what.Error() + ": " + f.why.Error() }
func (f *failure) Unwrap() []error { return []error{f.what, f.why} }

func fail(what, why error) error { return &failure{what, why} }

// Reason is the parser's own explanation of a failure, or err itself when it has none.
func Reason(err error) error {
	var f *failure
	if errors.As(err, &f) {
		return f.why
	}
	return err
}
