// Package apispec_test checks the query API of internal/server against its
// OpenAPI document with libopenapi-validator. It is a package of its own so
// that the server's fuzz targets need not instrument libopenapi.
package apispec_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	oaserrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi/datamodel"

	"github.com/chronicle-archive/chronicle/internal/demo"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/server"
)

// demoHandler serves the demo archive, as chronicle serve --demo does.
func demoHandler(t *testing.T) http.Handler {
	t.Helper()
	d, err := demo.Open(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	h, err := server.New(d.Store, render.Config{BaseURL: "https://chronicle.example"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// served is the body of a GET of target.
func served(t *testing.T, h http.Handler, target string) []byte {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: status %d", target, rec.Code)
	}
	return rec.Body.Bytes()
}

// oasValidator is libopenapi-validator over the served document, its
// reference to render's event schema resolved from files laid out as the
// server serves them (/api/openapi.json, /schema/event.schema.json).
func oasValidator(t *testing.T, h http.Handler) validator.Validator {
	t.Helper()
	dir := t.TempDir()
	openAPIDocument := served(t, h, "/api/openapi.json")
	files := map[string][]byte{filepath.Join("api", "openapi.json"): openAPIDocument}
	for _, name := range render.SchemaNames {
		b, _ := render.Schema(name)
		files[filepath.Join("schema", name)] = b
	}
	for name, b := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	doc, err := libopenapi.NewDocumentWithConfiguration(openAPIDocument, &datamodel.DocumentConfiguration{
		BasePath: filepath.Join(dir, "api"), SpecFilePath: "openapi.json", AllowFileReferences: true})
	if err != nil {
		t.Fatal(err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("the document does not load: %v", errs)
	}
	return v
}

// The document is valid OpenAPI 3.1 (the OpenAPI Initiative's schema, as
// libopenapi-validator checks it).
func TestOpenAPIDocumentIsValidOpenAPI31(t *testing.T) {
	v := oasValidator(t, demoHandler(t))
	if ok, errs := v.ValidateDocument(); !ok {
		for _, e := range errs {
			t.Error(e)
		}
	}
}

// A second, independent check of real exchanges: libopenapi-validator
// routes each request to its operation, checks its parameters against the
// document when it was answered 200, and checks the answer. (The event
// paths, which span several path segments, are outside its router; the
// jsonschema test covers them.)
func TestAPIExchangesMatchTheDocument(t *testing.T) {
	h := demoHandler(t)
	v := oasValidator(t, h)
	var page struct {
		NextCursor string `json:"next_cursor"`
		Events     []struct {
			Event struct {
				Topic struct{ Path string }
			}
		}
	}
	if err := json.Unmarshal(served(t, h, "/api/events?limit=2"), &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Events) == 0 {
		t.Fatal("the demo has no events")
	}
	// The list of the first event's topic, story or category: the API's
	// address of a list is its page's under /api.
	cursor, list := page.NextCursor, "/api"+strings.TrimSuffix(page.Events[0].Event.Topic.Path, "/index")
	served(t, h, list) // a 200, or the test stops
	for _, target := range []string{
		"/api/",
		"/api/openapi.json",
		"/api/events?limit=2",
		"/api/events?limit=2&cursor=" + cursor,
		"/api/events?from=2025-03-01&to=2025-03-31&order=desc",
		"/api/events?limit=0",
		"/api/events?from=2013-6-1",
		list + "?limit=3",
		"/api/topics/no-such-topic-anywhere",
		"/api/stories/no-such-story-anywhere",
		"/api/categories/no-such-category-anywhere",
		"/api/search?q=earthquake&limit=5",
		"/api/search?q=%22unclosed",
		"/api/edits?order=desc",
		"/api/edits?limit=1",
		"/api/edits?order=up",
	} {
		req := httptest.NewRequest("GET", "https://chronicle.example"+target, nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		resp := rec.Result()
		body, _ := io.ReadAll(resp.Body)
		resp.Body = io.NopCloser(bytes.NewReader(body))
		var ok bool
		var errs []*oaserrors.ValidationError
		if resp.StatusCode == http.StatusOK {
			ok, errs = v.ValidateHttpRequestResponse(req, resp)
		} else {
			ok, errs = v.ValidateHttpResponse(req, resp)
		}
		if !ok {
			msgs := make([]string, len(errs))
			for i, e := range errs {
				msgs[i] = e.Error()
			}
			t.Errorf("GET %s (%d): %s", target, resp.StatusCode, strings.Join(msgs, "; "))
		}
	}
}
