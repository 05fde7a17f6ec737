package apiclient

import (
	"encoding/json"
	"reflect"
	"testing"
)

// Every field of Article, set, comes back through the article decoder: a
// field added to Article and not to the decoder fails here instead of being
// dropped from every answer without a word.
func TestArticleDecoderKeepsEveryField(t *testing.T) {
	var want Article
	v := reflect.ValueOf(&want).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		name := v.Type().Field(i).Name
		if f.Kind() == reflect.Pointer {
			f.Set(reflect.New(f.Type().Elem()))
			f = f.Elem()
		}
		switch f.Kind() {
		case reflect.String:
			f.SetString(name + " value")
		case reflect.Int, reflect.Int64:
			f.SetInt(int64(100 + i))
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Slice:
			f.Set(reflect.ValueOf([]string{name, "second"}))
		default:
			t.Fatalf("Article.%s is a %s: teach this test (and the article decoder) its kind", name, f.Kind())
		}
	}
	body, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	var got Article
	if err := decodeArticles(body, &got); err != nil {
		t.Fatalf("the article decoder refused a full article: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the article decoder lost fields:\n got %+v\nwant %+v", got, want)
	}
	page := []byte(`{"items":[` + string(body) + `],"offset":0,"limit":1,"count":1}`)
	var p Page[Article]
	if err := decodeArticles(page, &p); err != nil || len(p.Items) != 1 || !reflect.DeepEqual(p.Items[0], want) {
		t.Errorf("a page of one full article: %v, %+v", err, p.Items)
	}
}
