package apiclient

import (
	"errors"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// Article answers are what the console decodes most (a list page is 50 of
// them), so they skip the reflective decoder: one pass over the answer's
// bytes, strings without escapes cut from one copy of the answer instead of
// one allocation each. Anything the fast path does not expect (a name in
// other letter case, invalid UTF-8, a number that is not a plain integer, a
// value of an unexpected kind, or anything that is not JSON) makes it start
// over with the general decoder, so the result, or the error, is always the
// one decodeAnswer would give.

// errGeneralDecoder sends an answer to the general decoder.
var errGeneralDecoder = errors.New("apiclient: the answer needs the general decoder")

// maxSkipDepth bounds the nesting of unknown values the fast path skips;
// deeper ones go to the general decoder, which has its own bound.
const maxSkipDepth = 64

// articleDecoder reads Article answers from one body.
type articleDecoder struct {
	src     string // the body, from which unescaped strings are cut
	i       int    // the next byte of src to read
	scratch []byte // for strings with escapes
	// Values the articles point to (versions, ids, timestamps) and their
	// tags are taken from shared chunks, a few allocations a page instead
	// of several an article.
	ints    []int
	int64s  []int64
	strings []string
}

// chunk is how many values a new chunk holds.
const chunk = 64

// take returns a pointer to a new zero value from the chunk at *c.
func take[T any](c *[]T) *T {
	if len(*c) == cap(*c) {
		*c = make([]T, 0, chunk)
	}
	*c = append(*c, *new(T))
	return &(*c)[len(*c)-1]
}

var articleDecoders = sync.Pool{New: func() any { return &articleDecoder{} }}

// decodeArticles decodes body into out, as decodeAnswer's general decoder would.
func decodeArticles[T Page[Article] | Article](body []byte, out *T) error {
	d := articleDecoders.Get().(*articleDecoder)
	d.src, d.i = string(body), 0
	var err error
	switch o := any(out).(type) {
	case *Page[Article]:
		err = d.page(o)
	case *Article:
		err = d.article(o)
	}
	if d.peek(); err == nil && d.i < len(d.src) {
		err = errGeneralDecoder // something after the value
	}
	d.src, d.ints, d.int64s, d.strings = "", nil, nil, nil
	if cap(d.scratch) <= 64<<10 {
		articleDecoders.Put(d)
	}
	if err != nil {
		var zero T
		*out = zero
		return jsonv2.Unmarshal(body, out, jsonv1.DefaultOptionsV1())
	}
	return nil
}

// peek skips whitespace and returns the next byte, 0 at the end.
func (d *articleDecoder) peek() byte {
	for d.i < len(d.src) {
		switch c := d.src[d.i]; c {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return c
		}
	}
	return 0
}

// read reads the byte c, after any whitespace.
func (d *articleDecoder) read(c byte) error {
	if d.peek() != c {
		return errGeneralDecoder
	}
	d.i++
	return nil
}

// literal reads one of true, false and null.
func (d *articleDecoder) literal(word string) error {
	if d.peek() == 0 || !strings.HasPrefix(d.src[d.i:], word) {
		return errGeneralDecoder
	}
	d.i += len(word)
	return nil
}

// null reads a null if one comes next.
func (d *articleDecoder) null() (bool, error) {
	if d.peek() != 'n' {
		return false, nil
	}
	return true, d.literal("null")
}

// object reads the start of an object, or the comma before its next name,
// and that name; false at the object's end, which it reads.
func (d *articleDecoder) object(first bool) (string, bool, error) {
	if first {
		if err := d.read('{'); err != nil {
			return "", false, err
		}
		if d.peek() == '}' {
			d.i++
			return "", false, nil
		}
	} else {
		switch d.peek() {
		case '}':
			d.i++
			return "", false, nil
		case ',':
			d.i++
		default:
			return "", false, errGeneralDecoder
		}
	}
	if d.peek() != '"' {
		return "", false, errGeneralDecoder
	}
	name, escaped, err := d.string()
	if err != nil || escaped {
		return "", false, errGeneralDecoder
	}
	return name, true, d.read(':')
}

// array reads the start of an array, or the comma before its next value;
// false at the array's end, which it reads.
func (d *articleDecoder) array(first bool) (bool, error) {
	if first {
		if err := d.read('['); err != nil {
			return false, err
		}
		if d.peek() == ']' {
			d.i++
			return false, nil
		}
		return true, nil
	}
	switch d.peek() {
	case ']':
		d.i++
		return false, nil
	case ',':
		d.i++
		return true, nil
	}
	return false, errGeneralDecoder
}

// string reads a string; escaped says its escapes were decoded, so it is
// not part of src.
func (d *articleDecoder) string() (s string, escaped bool, err error) {
	if d.peek() != '"' {
		return "", false, errGeneralDecoder
	}
	start := d.i + 1
	ascii := true
	for j := start; j < len(d.src); j++ {
		switch c := d.src[j]; {
		case c == '"':
			s = d.src[start:j]
			if !ascii && !utf8.ValidString(s) {
				return "", false, errGeneralDecoder
			}
			d.i = j + 1
			return s, false, nil
		case c == '\\':
			return d.escapedString(start)
		case c < 0x20:
			return "", false, errGeneralDecoder
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return "", false, errGeneralDecoder
}

// escapedString reads the string that starts at src[start-1] and has escapes.
func (d *articleDecoder) escapedString(start int) (string, bool, error) {
	for j := start; j < len(d.src); j++ {
		switch d.src[j] {
		case '\\':
			j++
		case '"':
			var err error
			// AppendUnquote refuses what JSON does: bad escapes, control
			// characters, invalid UTF-8.
			if d.scratch, err = jsontext.AppendUnquote(d.scratch[:0], d.src[start-1:j+1]); err != nil {
				return "", false, errGeneralDecoder
			}
			d.i = j + 1
			return string(d.scratch), true, nil
		}
	}
	return "", false, errGeneralDecoder
}

// skip reads any JSON value.
func (d *articleDecoder) skip(depth int) error {
	if depth > maxSkipDepth {
		return errGeneralDecoder
	}
	switch d.peek() {
	case '"':
		_, _, err := d.string()
		return err
	case 't':
		return d.literal("true")
	case 'f':
		return d.literal("false")
	case 'n':
		return d.literal("null")
	case '{':
		for _, more, err := d.object(true); more || err != nil; _, more, err = d.object(false) {
			if err != nil {
				return err
			}
			if err := d.skip(depth + 1); err != nil {
				return err
			}
		}
		return nil
	case '[':
		for more, err := d.array(true); more || err != nil; more, err = d.array(false) {
			if err != nil {
				return err
			}
			if err := d.skip(depth + 1); err != nil {
				return err
			}
		}
		return nil
	}
	return d.number()
}

// digits reads decimal digits and says how many.
func (d *articleDecoder) digits() int {
	start := d.i
	for d.i < len(d.src) && d.src[d.i] >= '0' && d.src[d.i] <= '9' {
		d.i++
	}
	return d.i - start
}

// number reads a JSON number: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?
func (d *articleDecoder) number() error {
	d.peek()
	if d.i < len(d.src) && d.src[d.i] == '-' {
		d.i++
	}
	switch n := d.digits(); {
	case n == 0, n > 1 && d.src[d.i-n] == '0':
		return errGeneralDecoder
	}
	if d.i < len(d.src) && d.src[d.i] == '.' {
		d.i++
		if d.digits() == 0 {
			return errGeneralDecoder
		}
	}
	if d.i < len(d.src) && (d.src[d.i] == 'e' || d.src[d.i] == 'E') {
		d.i++
		if d.i < len(d.src) && (d.src[d.i] == '+' || d.src[d.i] == '-') {
			d.i++
		}
		if d.digits() == 0 {
			return errGeneralDecoder
		}
	}
	return nil
}

// integer reads a number written as a plain integer that fits bits.
func (d *articleDecoder) integer(bits int) (int64, error) {
	d.peek()
	start := d.i
	if d.i < len(d.src) && d.src[d.i] == '-' {
		d.i++
	}
	n := d.digits()
	if n == 0 || n > 1 && d.src[d.i-n] == '0' {
		return 0, errGeneralDecoder
	}
	if d.i < len(d.src) && (d.src[d.i] == '.' || d.src[d.i] == 'e' || d.src[d.i] == 'E') {
		return 0, errGeneralDecoder // a fraction or an exponent
	}
	v, err := strconv.ParseInt(d.src[start:d.i], 10, bits)
	if err != nil {
		return 0, errGeneralDecoder // too large
	}
	return v, nil
}

// unknown skips the value of a name that is not the decoder's, unless it
// names one of them in other letter case (which the general decoder matches).
func (d *articleDecoder) unknown(name string, known []string) error {
	for _, k := range known {
		if strings.EqualFold(name, k) {
			return errGeneralDecoder
		}
	}
	return d.skip(0)
}

var pageNames = []string{"items", "offset", "limit", "count"}

func (d *articleDecoder) page(p *Page[Article]) error {
	for name, more, err := d.object(true); more || err != nil; name, more, err = d.object(false) {
		if err != nil {
			return err
		}
		switch name {
		case "items":
			err = d.items(&p.Items)
		case "offset":
			err = d.int(&p.Offset)
		case "limit":
			err = d.int(&p.Limit)
		case "count":
			err = d.int(&p.Count)
		default:
			err = d.unknown(name, pageNames)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (d *articleDecoder) items(items *[]Article) error {
	if null, err := d.null(); null || err != nil {
		*items = nil
		return err
	}
	list := (*items)[:0]
	if list == nil {
		// About one article in 500 bytes of a list's answer.
		list = make([]Article, 0, min(max(len(d.src)/500, 8), 128))
	}
	for more, err := d.array(true); more || err != nil; more, err = d.array(false) {
		if err != nil {
			return err
		}
		list = append(list, Article{})
		if null, err := d.null(); err != nil {
			return err
		} else if !null {
			if err := d.article(&list[len(list)-1]); err != nil {
				return err
			}
		}
	}
	*items = list
	return nil
}

func (d *articleDecoder) article(a *Article) error {
	for name, more, err := d.object(true); more || err != nil; name, more, err = d.object(false) {
		if err != nil {
			return err
		}
		if err := d.field(a, name); err != nil {
			return err
		}
	}
	return nil
}

var articleNames = []string{
	"id", "article_id", "type", "title", "description", "content", "state", "url", "parent_id",
	"parent_type", "shortened", "tags", "created_timestamp", "last_modified_timestamp", "deploy_state",
	"version", "max_available_version", "downloaded_timestamp", "last_updated_timestamp",
	"last_updated_from_external_source_timestamp",
}

// field reads the value of name into a; see Article for the names.
func (d *articleDecoder) field(a *Article, name string) error {
	switch name {
	case "id":
		return d.int64(&a.ID)
	case "article_id":
		return d.str(&a.ArticleID)
	case "type":
		return d.str(&a.Type)
	case "title":
		return d.str(&a.Title)
	case "description":
		return d.str(&a.Description)
	case "content":
		return d.str(&a.Content)
	case "state":
		return d.str(&a.State)
	case "url":
		return d.strPtr(&a.URL)
	case "parent_id":
		return d.int64Ptr(&a.ParentID)
	case "parent_type":
		return d.strPtr(&a.ParentType)
	case "shortened":
		return d.bool(&a.Shortened)
	case "tags":
		return d.strs(&a.Tags)
	case "created_timestamp":
		return d.str(&a.CreatedTimestamp)
	case "last_modified_timestamp":
		return d.str(&a.LastModifiedTimestamp)
	case "deploy_state":
		return d.str(&a.DeployState)
	case "version":
		return d.intPtr(&a.Version)
	case "max_available_version":
		return d.intPtr(&a.MaxAvailableVersion)
	case "downloaded_timestamp":
		return d.strPtr(&a.DownloadedTimestamp)
	case "last_updated_timestamp":
		return d.strPtr(&a.LastUpdatedTimestamp)
	case "last_updated_from_external_source_timestamp":
		return d.strPtr(&a.LastUpdatedFromExternalSourceTimestamp)
	}
	return d.unknown(name, articleNames)
}

// str reads a string; null leaves s as it is.
func (d *articleDecoder) str(s *string) error {
	if null, err := d.null(); null || err != nil {
		return err
	}
	v, _, err := d.string()
	if err == nil {
		*s = v
	}
	return err
}

func (d *articleDecoder) strPtr(p **string) error {
	if null, err := d.null(); null || err != nil {
		*p = nil
		return err
	}
	v, _, err := d.string()
	if err == nil {
		s := take(&d.strings)
		*s = v
		*p = s
	}
	return err
}

func (d *articleDecoder) strs(list *[]string) error {
	if null, err := d.null(); null || err != nil {
		*list = nil
		return err
	}
	// The list is built at the end of the chunk and capped there, so that
	// appending to it copies instead of writing over the next article's.
	if cap(d.strings)-len(d.strings) < 16 {
		d.strings = make([]string, 0, chunk)
	}
	start := len(d.strings)
	for more, err := d.array(true); more || err != nil; more, err = d.array(false) {
		if err != nil {
			return err
		}
		d.strings = append(d.strings, "")
		if err := d.str(&d.strings[len(d.strings)-1]); err != nil {
			return err
		}
	}
	*list = d.strings[start:len(d.strings):len(d.strings)]
	return nil
}

// int64 reads an integer; null leaves n as it is.
func (d *articleDecoder) int64(n *int64) error {
	if null, err := d.null(); null || err != nil {
		return err
	}
	v, err := d.integer(64)
	if err == nil {
		*n = v
	}
	return err
}

// int reads an integer; null leaves n as it is.
func (d *articleDecoder) int(n *int) error {
	if null, err := d.null(); null || err != nil {
		return err
	}
	v, err := d.integer(strconv.IntSize)
	if err == nil {
		*n = int(v)
	}
	return err
}

func (d *articleDecoder) int64Ptr(p **int64) error {
	if null, err := d.null(); null || err != nil {
		*p = nil
		return err
	}
	v, err := d.integer(64)
	if err == nil {
		n := take(&d.int64s)
		*n = v
		*p = n
	}
	return err
}

func (d *articleDecoder) intPtr(p **int) error {
	if null, err := d.null(); null || err != nil {
		*p = nil
		return err
	}
	v, err := d.integer(strconv.IntSize)
	if err == nil {
		n := take(&d.ints)
		*n = int(v)
		*p = n
	}
	return err
}

// bool reads true or false; null leaves b as it is.
func (d *articleDecoder) bool(b *bool) error {
	switch d.peek() {
	case 'n':
		return d.literal("null")
	case 't':
		*b = true
		return d.literal("true")
	case 'f':
		*b = false
		return d.literal("false")
	}
	return errGeneralDecoder
}
