package web

import (
	"bytes"
	"sync"
)

// Render's buffers are pooled: a page is rendered whole before it is sent, and
// a fresh buffer would grow to a page's size, copying as it goes, every time.
const (
	// bufferSize is what a new buffer starts at: most pages fit.
	bufferSize = 64 << 10
	// maxPooledBuffer is the largest buffer kept for reuse, so one huge page
	// does not pin its memory for good.
	maxPooledBuffer = 512 << 10
)

var buffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, bufferSize)) }}

func getBuffer() *bytes.Buffer { return buffers.Get().(*bytes.Buffer) }

func putBuffer(b *bytes.Buffer) {
	if b.Cap() > maxPooledBuffer {
		return
	}
	b.Reset()
	buffers.Put(b)
}
