package kbindex_test

import (
	"runtime"
	"strconv"
	"testing"
	"time"

	"qcadmin/kbindex"
)

// BenchmarkIndex reads an index of 2,000 and of 10,000 articles from an
// in-memory knowledge base (no HTTP, no cache) and reports the heap it holds
// per article, then times one sorted and filtered page of 25:
//
//	go test -run '^$' -bench Index -benchtime 200x ./kbindex/
func BenchmarkIndex(b *testing.B) {
	for _, n := range []int{2000, 10000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			f := generated(n)
			ix := kbindex.New(kbindex.Config{})
			defer ix.Close()
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			built(b, ix, "a", f)
			took := time.Since(start)
			// Both orders, as pages sorted each way keep them.
			ix.Find("a", kbindex.Query{Sort: kbindex.SortTitle, Limit: 1})
			ix.Find("a", kbindex.Query{Sort: kbindex.SortModified, Limit: 1})
			runtime.GC()
			runtime.ReadMemStats(&after)
			runtime.KeepAlive(f) // the knowledge base itself is not the index's
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				res, _ := ix.Find("a", kbindex.Query{State: "draft", Sort: kbindex.SortTitle, Desc: i%2 == 1, Offset: (i * 25) % (n / 3), Limit: 25})
				if len(res.Rows) == 0 {
					b.Fatal("no rows")
				}
			}
			ix.Find("a", kbindex.Query{Tags: []string{"x"}}) // keeps the index alive through the measurement
			b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/float64(n), "heap-B/article")
			b.ReportMetric(float64(took.Microseconds())/1000, "build-ms")
		})
	}
}
