package apiclient

import (
	"reflect"
	"testing"
)

func TestListTags(t *testing.T) {
	cases := []struct {
		answer string
		want   []string
	}{
		{`["policies","faq","product-info"]`, []string{"policies", "faq", "product-info"}},
		{`[]`, []string{}},
		{`null`, []string{}},
	}
	for _, tc := range cases {
		c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/knowledge_base/tags/"}, 200, tc.answer)
		got, err := c.ListTags(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("answer %s: tags = %#v, want %#v", tc.answer, got, tc.want)
		}
	}
}
