package merge

import (
	"reflect"
	"testing"
)

func TestThreeWayMerge(t *testing.T) {
	base := Fields{"name": "Velora", "prompt": "Be kind.", "rules": []any{"a", "b"}, "old": "x"}
	cases := []struct {
		name         string
		mine, theirs Fields
		want         Fields
		kept         []string
		conflicts    []string
		unchanged    bool
	}{
		{"nobody else changed anything",
			Fields{"name": "Velora Bikes", "prompt": "Be kind.", "rules": []any{"a", "b"}, "old": "x"}, base,
			Fields{"name": "Velora Bikes", "prompt": "Be kind.", "rules": []any{"a", "b"}, "old": "x"}, nil, nil, true},
		{"others changed another field: merged",
			Fields{"name": "Velora Bikes", "prompt": "Be kind.", "rules": []any{"a", "b"}, "old": "x"},
			Fields{"name": "Velora", "prompt": "Be brief.", "rules": []any{"a", "b"}, "old": "x"},
			Fields{"name": "Velora Bikes", "prompt": "Be brief.", "rules": []any{"a", "b"}, "old": "x"}, []string{"prompt"}, nil, false},
		{"both changed the same field: conflict, mine kept in the form",
			Fields{"name": "Velora Bikes", "prompt": "Be kind.", "rules": []any{"a", "b"}, "old": "x"},
			Fields{"name": "Velora Cycles", "prompt": "Be kind.", "rules": []any{"a", "b"}, "old": "x"},
			Fields{"name": "Velora Bikes", "prompt": "Be kind.", "rules": []any{"a", "b"}, "old": "x"}, nil, []string{"name"}, false},
		{"both made the same change: no conflict",
			Fields{"name": "Same", "prompt": "Be kind.", "rules": []any{"a", "b"}, "old": "x"},
			Fields{"name": "Same", "prompt": "Be kind.", "rules": []any{"a", "b"}, "old": "x"},
			Fields{"name": "Same", "prompt": "Be kind.", "rules": []any{"a", "b"}, "old": "x"}, nil, nil, true},
		{"they added a key and removed one I did not touch",
			Fields{"name": "Velora", "prompt": "Be kind.", "rules": []any{"a", "b", "c"}, "old": "x"},
			Fields{"name": "Velora", "prompt": "Be kind.", "rules": []any{"a", "b"}, "editor_b": "B"},
			Fields{"name": "Velora", "prompt": "Be kind.", "rules": []any{"a", "b", "c"}, "editor_b": "B"}, []string{"editor_b", "old"}, nil, false},
		{"I removed a key they changed: conflict",
			Fields{"name": "Velora", "prompt": "Be kind.", "rules": []any{"a", "b"}},
			Fields{"name": "Velora", "prompt": "Be kind.", "rules": []any{"a", "b"}, "old": "y"},
			Fields{"name": "Velora", "prompt": "Be kind.", "rules": []any{"a", "b"}}, nil, []string{"old"}, false},
		{"numbers compare as JSON does",
			Fields{"name": "Velora", "prompt": "Be kind.", "rules": []any{"a", "b"}, "old": "x", "n": 1},
			Fields{"name": "Velora", "prompt": "Be kind.", "rules": []any{"a", "b"}, "old": "x", "n": 1.0},
			Fields{"name": "Velora", "prompt": "Be kind.", "rules": []any{"a", "b"}, "old": "x", "n": 1}, nil, nil, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := Three(base, tc.mine, tc.theirs)
			if !reflect.DeepEqual(normal(map[string]any(out.Fields)), normal(map[string]any(tc.want))) {
				t.Errorf("fields = %v, want %v", out.Fields, tc.want)
			}
			if !reflect.DeepEqual(out.Kept, tc.kept) {
				t.Errorf("kept = %v, want %v", out.Kept, tc.kept)
			}
			var names []string
			for _, c := range out.Conflicts {
				names = append(names, c.Field)
			}
			if !reflect.DeepEqual(names, tc.conflicts) {
				t.Errorf("conflicts = %v, want %v", names, tc.conflicts)
			}
			if out.Unchanged() != tc.unchanged {
				t.Errorf("unchanged = %v", out.Unchanged())
			}
		})
	}
}

func TestBaseRoundTripsAndRefusesJunk(t *testing.T) {
	f := Fields{"key": "Wójcik <b>", "n": 3.5, "list": []any{"x"}}
	got, err := Decode(Encode(f))
	if err != nil || !reflect.DeepEqual(normal(map[string]any(got)), normal(map[string]any(f))) {
		t.Fatalf("round trip = %v, %v", got, err)
	}
	for _, junk := range []string{"", "%%%", Encode(nil), string(make([]byte, MaxBase+1))} {
		if _, err := Decode(junk); err == nil {
			t.Errorf("Decode(%.20q) accepted", junk)
		}
	}
	if Fingerprint(Fields{"a": 1, "b": 2}) != Fingerprint(Fields{"b": 2, "a": 1}) || Fingerprint(f) == Fingerprint(Fields{}) {
		t.Error("fingerprints do not follow the fields")
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(Encode(Fields{"a": "b"}))
	f.Add("e30")
	f.Fuzz(func(t *testing.T, s string) {
		if got, err := Decode(s); err == nil && got == nil {
			t.Fatal("nil fields without an error")
		}
	})
}
