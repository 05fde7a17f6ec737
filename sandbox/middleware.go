package sandbox

import (
	"errors"
	"net/http"
	"time"
)

// observe logs one line per request and turns a panic into a 500 envelope.
func (s *Sandbox) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK} // what net/http sends when a handler writes nothing
		defer func() {
			if v := recover(); v != nil {
				if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
					panic(v) // the server's own signal to drop the connection
				}
				s.log.ErrorContext(r.Context(), "sandbox: panic serving request", "method", r.Method, "path", r.URL.Path, "panic", v)
				if !rec.wroteHeader {
					writeError(rec, r, s.log, &apiError{http.StatusInternalServerError, codeUnknown, "Internal server error."})
				}
			}
			// The path only: the token travels in a header and is never logged.
			s.log.InfoContext(r.Context(), "sandbox request", "method", r.Method, "path", r.URL.Path,
				"status", rec.status, "duration", time.Since(start))
		}()
		next.ServeHTTP(rec, r)
	})
}

// statusRecorder remembers the status a handler sent.
type statusRecorder struct {
	http.ResponseWriter
	status      int
	wroteHeader bool
}

func (rec *statusRecorder) WriteHeader(code int) {
	if !rec.wroteHeader {
		rec.status, rec.wroteHeader = code, true
	}
	rec.ResponseWriter.WriteHeader(code)
}

func (rec *statusRecorder) Write(b []byte) (int, error) {
	if !rec.wroteHeader {
		rec.status, rec.wroteHeader = http.StatusOK, true
	}
	return rec.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (rec *statusRecorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }
