package apiclient

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// Article answers are what the console decodes most (a list page is 50 of
// them), so they skip the reflective decoder: one pass over the tokens,
// strings without escapes cut from one copy of the answer instead of one
// allocation each. Anything the fast path does not expect (a name in other
// letter case, invalid UTF-8, a number that is not a plain integer, a value
// of an unexpected kind) makes it start over with the general decoder, so the
// result, or the error, is always the one decodeAnswer would give.

// errGeneralDecoder sends an answer to the general decoder.
var errGeneralDecoder = errors.New("apiclient: the answer needs the general decoder")

// articleDecoder reads Article answers from one body.
type articleDecoder struct {
	dec     *jsontext.Decoder
	src     string       // the body, from which unescaped strings are cut
	scratch []byte       // for strings with escapes
	idle    bytes.Buffer // read between answers, so a pooled decoder holds none
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

var articleDecoders = sync.Pool{New: func() any {
	d := &articleDecoder{}
	d.dec = jsontext.NewDecoder(&d.idle)
	return d
}}

// decodeArticles decodes body into out, as decodeAnswer's general decoder would.
func decodeArticles[T Page[Article] | Article](body []byte, out *T) error {
	d := articleDecoders.Get().(*articleDecoder)
	// Strict where the general decoder is lenient (invalid UTF-8), so that
	// such answers reach it; of duplicate names the last one wins, as there.
	d.dec.Reset(bytes.NewBuffer(body), jsontext.AllowDuplicateNames(true))
	d.src = string(body)
	var err error
	switch o := any(out).(type) {
	case *Page[Article]:
		err = d.page(o)
	case *Article:
		err = d.article(o)
	}
	if err == nil {
		if _, end := d.dec.ReadToken(); end != io.EOF {
			err = errGeneralDecoder // something after the value
		}
	}
	d.src, d.ints, d.int64s, d.strings = "", nil, nil, nil
	d.dec.Reset(&d.idle)
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

// open reads the start of an object.
func (d *articleDecoder) open() error {
	if d.dec.PeekKind() != '{' {
		return errGeneralDecoder
	}
	_, err := d.dec.ReadToken()
	return err
}

// name reads the next name of an object; false at its end, which it reads.
func (d *articleDecoder) name() (string, bool, error) {
	if d.dec.PeekKind() == '}' {
		_, err := d.dec.ReadToken()
		return "", false, err
	}
	raw, err := d.dec.ReadValue()
	if err != nil {
		return "", false, err
	}
	if bytes.IndexByte(raw, '\\') >= 0 {
		return "", false, errGeneralDecoder // an escaped name
	}
	return d.cut(raw), true, nil
}

// cut is the unescaped string raw, just read, as part of the body.
func (d *articleDecoder) cut(raw jsontext.Value) string {
	end := int(d.dec.InputOffset())
	return d.src[end-len(raw)+1 : end-1]
}

// unknown skips the value of a name that is not the decoder's, unless it
// names one of them in other letter case (which the general decoder matches).
func (d *articleDecoder) unknown(name string, known []string) error {
	for _, k := range known {
		if strings.EqualFold(name, k) {
			return errGeneralDecoder
		}
	}
	return d.dec.SkipValue()
}

var pageNames = []string{"items", "offset", "limit", "count"}

func (d *articleDecoder) page(p *Page[Article]) error {
	if err := d.open(); err != nil {
		return err
	}
	for {
		name, more, err := d.name()
		if !more || err != nil {
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
}

func (d *articleDecoder) items(items *[]Article) error {
	if null, err := d.null(); null || err != nil {
		*items = nil
		return err
	}
	if d.dec.PeekKind() != '[' {
		return errGeneralDecoder
	}
	if _, err := d.dec.ReadToken(); err != nil {
		return err
	}
	list := (*items)[:0]
	if list == nil {
		// About one article in 500 bytes of a list's answer.
		list = make([]Article, 0, min(max(len(d.src)/500, 8), 128))
	}
	for d.dec.PeekKind() != ']' {
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
	_, err := d.dec.ReadToken()
	return err
}

func (d *articleDecoder) article(a *Article) error {
	if err := d.open(); err != nil {
		return err
	}
	for {
		name, more, err := d.name()
		if !more || err != nil {
			return err
		}
		if err := d.field(a, name); err != nil {
			return err
		}
	}
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

// null reads a null if one comes next.
func (d *articleDecoder) null() (bool, error) {
	if d.dec.PeekKind() != 'n' {
		return false, nil
	}
	_, err := d.dec.ReadToken()
	return true, err
}

// str reads a string; null leaves s as it is.
func (d *articleDecoder) str(s *string) error {
	switch d.dec.PeekKind() {
	case 'n':
		_, err := d.dec.ReadToken()
		return err
	case '"':
	default:
		return errGeneralDecoder
	}
	raw, err := d.dec.ReadValue()
	if err != nil {
		return err
	}
	if bytes.IndexByte(raw, '\\') < 0 {
		*s = d.cut(raw)
		return nil
	}
	if d.scratch, err = jsontext.AppendUnquote(d.scratch[:0], raw); err != nil {
		return err
	}
	*s = string(d.scratch)
	return nil
}

func (d *articleDecoder) strPtr(p **string) error {
	if null, err := d.null(); null || err != nil {
		*p = nil
		return err
	}
	s := take(&d.strings)
	if err := d.str(s); err != nil {
		return err
	}
	*p = s
	return nil
}

func (d *articleDecoder) strs(list *[]string) error {
	if null, err := d.null(); null || err != nil {
		*list = nil
		return err
	}
	if d.dec.PeekKind() != '[' {
		return errGeneralDecoder
	}
	if _, err := d.dec.ReadToken(); err != nil {
		return err
	}
	// The list is built at the end of the chunk and capped there, so that
	// appending to it copies instead of writing over the next article's.
	if cap(d.strings)-len(d.strings) < 16 {
		d.strings = make([]string, 0, chunk)
	}
	start := len(d.strings)
	for d.dec.PeekKind() != ']' {
		d.strings = append(d.strings, "")
		if err := d.str(&d.strings[len(d.strings)-1]); err != nil {
			return err
		}
	}
	*list = d.strings[start:len(d.strings):len(d.strings)]
	_, err := d.dec.ReadToken()
	return err
}

// integer reads a number written as a plain integer that fits bits.
func (d *articleDecoder) integer(bits int) (int64, error) {
	if d.dec.PeekKind() != '0' {
		return 0, errGeneralDecoder
	}
	raw, err := d.dec.ReadValue()
	if err != nil {
		return 0, err
	}
	end := int(d.dec.InputOffset())
	n, err := strconv.ParseInt(d.src[end-len(raw):end], 10, bits)
	if err != nil {
		return 0, errGeneralDecoder // a fraction, an exponent, or too large
	}
	return n, nil
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
	switch d.dec.PeekKind() {
	case 'n', 't', 'f':
	default:
		return errGeneralDecoder
	}
	tok, err := d.dec.ReadToken()
	if err != nil || tok.Kind() == 'n' {
		return err
	}
	*b = tok.Bool()
	return nil
}
