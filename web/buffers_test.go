package web

import (
	"bytes"
	"testing"
)

func TestRenderBuffersArePooledReset(t *testing.T) {
	b := getBuffer()
	if b.Len() != 0 || b.Cap() < bufferSize {
		t.Fatalf("a new buffer holds %d bytes in %d; want empty, at least %d", b.Len(), b.Cap(), bufferSize)
	}
	b.WriteString("<p>a page</p>")
	putBuffer(b)
	// The pool may or may not hand the same buffer back; whatever it hands is empty.
	for range 10 {
		got := getBuffer()
		if got.Len() != 0 {
			t.Fatalf("a pooled buffer still holds %q", got.String())
		}
		defer putBuffer(got)
	}
}

func TestHugeRenderBuffersAreNotKept(t *testing.T) {
	huge := bytes.NewBuffer(make([]byte, 0, maxPooledBuffer+1))
	putBuffer(huge)
	for range 10 {
		if b := getBuffer(); b == huge {
			t.Fatal("a buffer past the cap went back into the pool")
		}
	}
}
