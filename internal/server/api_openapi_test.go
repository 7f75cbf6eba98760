package server

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
)

// openAPIURL is where the document lives for the test's base URL: its
// relative references to ../schema/ then name render's schemas by their $id.
const openAPIURL = "https://chronicle.example/api/openapi.json"

// openAPI is the served document, with a compiler that knows it and
// render's schemas.
type openAPI struct {
	doc      map[string]any
	compiler *jsonschema.Compiler
	compiled map[string]*jsonschema.Schema
}

func loadOpenAPI(t *testing.T, h http.Handler) *openAPI {
	t.Helper()
	body := readBody(t, get(t, h, "GET", "/api/openapi.json"))
	raw, err := jsonschema.UnmarshalJSON(strings.NewReader(body))
	if err != nil {
		t.Fatalf("the OpenAPI document is not JSON: %v", err)
	}
	o := &openAPI{compiler: jsonschema.NewCompiler(), compiled: map[string]*jsonschema.Schema{}}
	o.doc, _ = raw.(map[string]any)
	if o.doc["openapi"] != "3.1.0" {
		t.Fatalf("openapi is %v, want 3.1.0", o.doc["openapi"])
	}
	o.compiler.DefaultDraft(jsonschema.Draft2020) // OpenAPI 3.1's dialect
	o.compiler.AssertFormat()
	if err := o.compiler.AddResource(openAPIURL, raw); err != nil {
		t.Fatal(err)
	}
	for _, name := range render.SchemaNames {
		b, _ := render.Schema(name)
		s, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if err := o.compiler.AddResource("https://chronicle.example/schema/"+name, s); err != nil {
			t.Fatal(err)
		}
	}
	return o
}

// pointer escapes the parts of a JSON pointer.
func pointer(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString("/" + strings.ReplaceAll(strings.ReplaceAll(p, "~", "~0"), "/", "~1"))
	}
	return b.String()
}

// at returns the object at a JSON pointer of the document.
func (o *openAPI) at(ptr string) (map[string]any, bool) {
	var v any = o.doc
	for _, p := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		p = strings.ReplaceAll(strings.ReplaceAll(p, "~1", "/"), "~0", "~")
		v = m[p]
	}
	m, ok := v.(map[string]any)
	return m, ok
}

// response returns the pointer of the documented response of a path and
// status, following a $ref to the components.
func (o *openAPI) response(template string, status int) (string, map[string]any, error) {
	ptr := pointer("paths", template, "get", "responses", strconv.Itoa(status))
	r, ok := o.at(ptr)
	if !ok {
		return "", nil, fmt.Errorf("the document has no %d response for GET %s", status, template)
	}
	if ref, ok := r["$ref"].(string); ok {
		ptr = strings.TrimPrefix(ref, "#")
		if r, ok = o.at(ptr); !ok {
			return "", nil, fmt.Errorf("GET %s %d: $ref %s leads nowhere", template, status, ref)
		}
	}
	return ptr, r, nil
}

// check validates a real response against the document.
func (o *openAPI) check(template string, resp *http.Response, body string) error {
	ptr, r, err := o.response(template, resp.StatusCode)
	if err != nil {
		return err
	}
	content, _ := r["content"].(map[string]any)
	if content == nil {
		if resp.StatusCode == http.StatusNotModified && body != "" {
			return fmt.Errorf("a 304 with a body")
		}
		return nil
	}
	if _, ok := content[resp.Header.Get("Content-Type")]; !ok {
		return fmt.Errorf("Content-Type %q is not documented", resp.Header.Get("Content-Type"))
	}
	loc := openAPIURL + "#" + ptr + pointer("content", apiContentType, "schema")
	sch := o.compiled[loc]
	if sch == nil {
		if sch, err = o.compiler.Compile(loc); err != nil {
			return fmt.Errorf("compile %s: %w", loc, err)
		}
		o.compiled[loc] = sch
	}
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(body))
	if err != nil {
		return fmt.Errorf("the body is not JSON: %w", err)
	}
	if err := sch.Validate(v); err != nil {
		return fmt.Errorf("the body does not match the document: %w", err)
	}
	return nil
}

// Every endpoint's real answers on the demo, errors included, match what
// the OpenAPI document says of their path and status; and every path and
// status the document lists is answered by some request here.
func TestAPIMatchesItsOpenAPIDocument(t *testing.T) {
	h := demoHandler(t)
	o := loadOpenAPI(t, h)
	events := demoEvents(t)
	first := events[0].Path
	rel := strings.TrimPrefix(first, "/")
	cut := first[:len(first)-5] // an address cut short
	topic, story, category := demoTopic(t, event.KindTopic, 3), demoTopic(t, event.KindStory, 2), demoTopic(t, event.KindCategory, 3)
	_, page := apiJSON(t, h, "/api/events?limit=2")
	cursor := page["next_cursor"].(string)
	_, edits := apiJSON(t, h, "/api/edits?limit=1")
	editCursor, _ := edits["next_cursor"].(string)
	if editCursor == "" {
		t.Fatalf("the demo's edits fill no second page of one: %v", edits)
	}
	cases := []struct {
		template, target string
		headers          []string
	}{
		{"/api/", "/api/", nil},
		{"/api/", "/api/?x=1", nil},
		{"/api/openapi.json", "/api/openapi.json", nil},
		{"/api/events", "/api/events", nil},
		{"/api/events", "/api/events?limit=2&cursor=" + cursor, nil},
		{"/api/events", "/api/events?from=2025-01-01&order=desc&limit=100", nil},
		{"/api/events", "/api/events?from=1990-01-01&to=1990-12-31", nil},
		{"/api/events", "/api/events?path=" + url.QueryEscape(first), nil},
		{"/api/events", "/api/events?path=/news/1999/01/1/none", nil},
		{"/api/events", "/api/events?limit=1000", nil},
		{"/api/events/{path}", "/api/events/" + rel, nil},
		{"/api/events/{path}", "/api/events/news/1999/01/1/none", nil},
		{"/api/events/{path}", "/api/events/" + rel + "?from=2013-01-01", nil},
		{"/api/related/{path}", "/api/related/" + rel, nil},
		{"/api/related/{path}", "/api/related/news/1999/01/1/none", nil},
		{"/api/related/{path}", "/api/related/" + rel + "?q=1", nil},
		{"/api/events", "/api/events?path=" + url.QueryEscape(first+")."), nil},
		{"/api/events", "/api/events?path=" + url.QueryEscape(cut), nil},
		{"/api/events/{path}", "/api/events/" + rel + ").", nil},
		{"/api/events/{path}", "/api/events" + cut, nil},
		{"/api/events/{path}", "/api/events" + first[:strings.LastIndex(first, "/")+2], nil},
		{"/api/related/{path}", "/api/related/" + rel + ".html", nil},
		{"/api/related/{path}", "/api/related" + cut, nil},
		{"/api/cite/{path}", "/api/cite/" + rel, nil},
		{"/api/cite/{path}", "/api/cite/news/1999/01/1/none", nil},
		{"/api/cite/{path}", "/api/cite/" + rel + "?style=bibtex", nil},
		{"/api/cite/{path}", "/api/cite/" + rel + ").", nil},
		{"/api/cite/{path}", "/api/cite" + cut, nil},
		{"/api/topics/{slug}", "/api/topics/" + topic + "?limit=2", nil},
		{"/api/topics/{slug}", "/api/topics/no-such-topic-anywhere", nil},
		{"/api/topics/{slug}", "/api/topics/" + topic + "?cursor=" + cursor, nil},
		{"/api/stories/{slug}", "/api/stories/" + story + "?order=desc", nil},
		{"/api/stories/{slug}", "/api/stories/no-such-story-anywhere", nil},
		{"/api/stories/{slug}", "/api/stories/" + story + "?to=x", nil},
		{"/api/categories/{slug}", "/api/categories/" + category, nil},
		{"/api/categories/{slug}", "/api/categories/no-such-category-anywhere", nil},
		{"/api/categories/{slug}", "/api/categories/" + category + "?limit=-1", nil},
		{"/api/search", "/api/search?q=earthquake", nil},
		{"/api/search", "/api/search?q=the&limit=1", nil},
		{"/api/search", "/api/search?q=nothingmatchesthisword", nil},
		{"/api/search", "/api/search?q=-", nil},
		{"/api/edits", "/api/edits", nil},
		{"/api/edits", "/api/edits?order=desc&limit=1", nil},
		{"/api/edits", "/api/edits?limit=1&cursor=" + editCursor, nil},
		{"/api/edits", "/api/edits?from=1990-01-01&to=1990-12-31", nil},
		{"/api/edits", "/api/edits?cursor=" + cursor, nil},
		{"/api/edits", "/api/edits?q=ferry", nil},
	}
	seen := map[string]bool{}
	for _, c := range cases {
		resp := get(t, h, "GET", c.target, c.headers...)
		body := readBody(t, resp)
		if err := o.check(c.template, resp, body); err != nil {
			t.Errorf("GET %s (%s) %d: %v", c.target, c.template, resp.StatusCode, err)
		}
		seen[c.template+" "+strconv.Itoa(resp.StatusCode)] = true
		if etag := resp.Header.Get("ETag"); resp.StatusCode == 200 && etag != "" {
			again := get(t, h, "GET", c.target, "If-None-Match: "+etag)
			if err := o.check(c.template, again, readBody(t, again)); err != nil || again.StatusCode != 304 {
				t.Errorf("GET %s again: status %d: %v", c.target, again.StatusCode, err)
			}
			seen[c.template+" 304"] = true
		}
	}
	// 503 is the same Busy response everywhere; TestAPIBusyAnswers503JSON
	// checks it against the document.
	for _, status := range []string{"503"} {
		for _, template := range []string{"/api/events", "/api/events/{path}", "/api/related/{path}", "/api/cite/{path}",
			"/api/topics/{slug}", "/api/stories/{slug}", "/api/categories/{slug}", "/api/search", "/api/edits"} {
			seen[template+" "+status] = true
		}
	}
	paths, _ := o.doc["paths"].(map[string]any)
	var missing []string
	for template := range paths {
		responses, _ := o.at(pointer("paths", template, "get", "responses"))
		for status := range responses {
			if !seen[template+" "+status] {
				missing = append(missing, template+" "+status)
			}
		}
	}
	slices.Sort(missing)
	if len(missing) > 0 {
		t.Errorf("documented but never answered here: %v", missing)
	}
}

// The document's 503 is what a saturated server answers.
func TestAPIBusyMatchesTheDocument(t *testing.T) {
	o := loadOpenAPI(t, demoHandler(t))
	rec := httptest.NewRecorder()
	apiErrorAnswer(rec, &apiError{status: http.StatusServiceUnavailable, msg: "busy"})
	if err := o.check("/api/search", rec.Result(), rec.Body.String()); err != nil {
		t.Error(err)
	}
}

// Every schema of the document's components compiles: each $ref in it
// resolves, render's event schema included.
func TestOpenAPIComponentsCompile(t *testing.T) {
	o := loadOpenAPI(t, demoHandler(t))
	schemas, _ := o.at("/components/schemas")
	if len(schemas) == 0 {
		t.Fatal("no component schemas")
	}
	for name := range schemas {
		if _, err := o.compiler.Compile(openAPIURL + "#" + pointer("components", "schemas", name)); err != nil {
			t.Errorf("schema %s: %v", name, err)
		}
	}
	var ids []string
	paths, _ := o.doc["paths"].(map[string]any)
	for template := range paths {
		op, ok := o.at(pointer("paths", template, "get"))
		if !ok {
			t.Errorf("%s: no GET operation", template)
			continue
		}
		id, _ := op["operationId"].(string)
		if id == "" || slices.Contains(ids, id) {
			t.Errorf("%s: operationId %q missing or repeated", template, id)
		}
		ids = append(ids, id)
	}
	// The index lists what the document describes.
	_, index := apiJSON(t, demoHandler(t), "/api/")
	for _, e := range index["endpoints"].([]any) {
		p := e.(map[string]any)["path"].(string)
		if _, ok := paths[p]; !ok {
			t.Errorf("the index lists %s, which the document lacks", p)
		}
	}
}
