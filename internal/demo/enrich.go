package demo

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"image"
	_ "image/png" // the covers are PNG files
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/enrich/extract"
	"github.com/chronicle-archive/chronicle/internal/store"
)

//go:generate go run ./mkmedia media

// Media holds the demo's cover images as media/<name>.png: small drawings
// made by mkmedia, served at MediaPrefix by `chronicle serve --demo`.
//
//go:embed media/*.png
var Media embed.FS

// mediaDir is the directory of Media that holds the images.
const mediaDir = "media"

// MediaPrefix is the site path the demo's cover images are served under:
// their URLs are root-relative, /media/demo/<name>.png, so that they load
// from the demo server itself, with no network.
const MediaPrefix = "/media/demo/"

// enrichmentJSON is what the demo pretends enrichment found of the pages
// of some of its sources, by source URL (see enrichment.json).
//
//go:embed enrichment.json
var enrichmentJSON []byte

// sourcePage is one entry of enrichment.json: what a source's page says of
// itself, as chronicle enrich would have extracted it. Image names a file
// of Media.
type sourcePage struct {
	Title       string    `json:"title"`
	SiteName    string    `json:"site_name"`
	Published   time.Time `json:"published"`
	Description string    `json:"description"`
	Image       string    `json:"image,omitempty"`
}

// enrichedAt is the time the demo's enrichment is recorded at, fixed so
// that every run of the demo stores the same.
var enrichedAt = time.Date(2025, time.March, 17, 6, 0, 0, 0, time.UTC)

// sourcePages reads enrichment.json, checking that each image is one of
// Media, and returns the entries by URL with each image's size.
func sourcePages() (map[string]sourcePage, map[string]image.Config, error) {
	var pages map[string]sourcePage
	dec := json.NewDecoder(bytes.NewReader(enrichmentJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&pages); err != nil {
		return nil, nil, fmt.Errorf("demo: enrichment.json: %w", err)
	}
	sizes := map[string]image.Config{}
	for url, p := range pages {
		if p.Image == "" || sizes[p.Image].Width > 0 {
			continue
		}
		f, err := Media.Open(path.Join(mediaDir, p.Image))
		if err != nil {
			return nil, nil, fmt.Errorf("demo: enrichment.json: %s: image: %w", url, err)
		}
		cfg, _, err := image.DecodeConfig(f)
		f.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("demo: %s: %w", p.Image, err)
		}
		sizes[p.Image] = cfg
	}
	return pages, sizes, nil
}

// Enrich records what enrichment.json says of the demo's sources into st,
// through the store API chronicle enrich uses (RecordEnrichment), as if
// their pages had been visited: each event citing one of them gets the
// summary of its first source that has a description and the cover image
// of its first source that has an image. It returns how many events that
// enriched. Nothing is fetched.
func Enrich(ctx context.Context, st *store.Store) (int, error) {
	pages, sizes, err := sourcePages()
	if err != nil {
		return 0, err
	}
	jobs, err := st.PendingEnrichment(ctx, store.PendingOptions{Now: enrichedAt})
	if err != nil {
		return 0, fmt.Errorf("demo: %w", err)
	}
	visited := map[int64]bool{}
	var results []store.EventEnrichment
	for _, j := range jobs {
		r := store.EventEnrichment{EventID: j.EventID}
		for _, s := range j.Sources {
			p, ok := pages[s.URL]
			if !ok {
				continue
			}
			meta := sourceMeta(p, sizes[p.Image])
			if r.Summary == "" && meta.Description != "" {
				r.Summary, r.SummarySource = meta.Description, s.ID
			}
			if r.CoverImage == "" && meta.Image != "" {
				r.CoverImage, r.CoverSource = meta.Image, s.ID
			}
			if !visited[s.ID] {
				visited[s.ID] = true
				r.Visits = append(r.Visits, store.SourceVisit{ID: s.ID, State: store.SourceOK, Status: http.StatusOK,
					FinalURL: s.URL, Fresh: true, Meta: meta})
			}
		}
		if r.Summary != "" || r.CoverImage != "" {
			results = append(results, r)
		}
	}
	if err := st.RecordEnrichment(ctx, results, enrichedAt); err != nil {
		return 0, fmt.Errorf("demo: %w", err)
	}
	return len(results), nil
}

// sourceMeta is what a visit of the page would store, its texts cleaned by
// the extractor's own rules.
func sourceMeta(p sourcePage, size image.Config) store.SourceMeta {
	m := store.SourceMeta{State: store.SourceOK, Title: extract.PlainText(p.Title), SiteName: extract.PlainText(p.SiteName),
		Published: p.Published.UTC(), Language: "en", Description: extract.Summary(p.Description)}
	if p.Image != "" {
		m.Image, m.ImageWidth, m.ImageHeight, m.ImageAlt = MediaPrefix+p.Image, size.Width, size.Height, m.Title
	}
	return m
}

// WithMedia serves the demo's cover images at MediaPrefix and hands every
// other request to next. A name that is not one of Media is a 404, and the
// directory is not listed.
func WithMedia(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, ok := strings.CutPrefix(r.URL.Path, MediaPrefix)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		if !fs.ValidPath(name) || strings.Contains(name, "/") || name == "." {
			http.NotFound(w, r)
			return
		}
		file := path.Join(mediaDir, name)
		if _, err := fs.Stat(Media, file); err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=86400")
		http.ServeFileFS(w, r, Media, file)
	})
}
