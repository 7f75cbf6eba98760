package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/search"
	"github.com/chronicle-archive/chronicle/internal/site"
	"github.com/chronicle-archive/chronicle/internal/store"
)

var exportCommand = &command{
	name:    "export",
	summary: "write the events as NDJSON (each event's page JSON), a CSV table, a BibTeX or RIS file",
	usage:   "chronicle export [--db FILE] [--format ndjson|csv|bibtex|ris] [--base-url URL] [--from DATE] [--to DATE] [--topic T] [--story S] [--category C]",
	help: `Write the events of the database to standard output, in date and page
order. As NDJSON (the default): one JSON object a line, the document
'chronicle show' prints and the site serves as the event's .json
(docs/formats.md), enrichment and related events included, on one line.
As CSV (--format csv): a table for spreadsheets and data tools, one event a
row under a header: date, position, path, headline, text, category, stories,
topics, sources, source_names, summary, cover_image, related and
portal_revision, the columns that hold several values joined by " | "
(docs/formats.md, "CSV export"). As BibTeX (--format bibtex): a
bibliography, one @misc entry an event as 'chronicle cite --style bibtex'
writes it, the keys unique in the file, the addresses under --base-url (the
address the site is published at). As RIS (--format ris): the same for
reference managers (Zotero, EndNote, Mendeley), a record an event as
'chronicle cite --style ris' writes it.

--from and --to (YYYY-MM-DD, both included) limit the days; --topic,
--story and --category (a title or a slug) keep the events of one.

Examples:
  chronicle export --from 2013-06-01 --to 2013-06-30 > june-2013.ndjson
  chronicle export --format csv --story "Syrian civil war" > syrian-civil-war.csv
  chronicle export --format bibtex --base-url https://news.example.org --topic Kherson > kherson.bib
  chronicle export --format ris --base-url https://news.example.org --topic Kherson > kherson.ris`,
	setup: setupExport,
}

// exportFormats are the formats export writes, by the name --format takes.
var exportFormats = map[string]func(ctx context.Context, s *site.Site, r *render.Renderer, q site.EventQuery, w io.Writer) error{
	"ndjson": writeNDJSON,
	"csv":    writeCSV,
	"bibtex": citeWith(render.CiteBibTeX),
	"ris":    citeWith(render.CiteRIS),
}

// citeFormats are the formats that cite the events' pages, under --base-url.
var citeFormats = map[string]bool{"bibtex": true, "ris": true}

func setupExport(fs *flag.FlagSet) runFunc {
	db := dbFlag(fs)
	format := fs.String("format", "ndjson", "write `FORMAT`: ndjson, csv, bibtex or ris")
	baseURL := citeBaseURLFlag(fs)
	from := fs.String("from", "", "the first `DATE` to export, YYYY-MM-DD (default: the first day)")
	to := fs.String("to", "", "the last `DATE` to export, YYYY-MM-DD (default: the last day)")
	var titles titleFlags
	titles.register(fs)
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q", args[0])
		}
		write, ok := exportFormats[*format]
		if !ok {
			return usagef("--format %q: want ndjson, csv, bibtex or ris", *format)
		}
		var r *render.Renderer
		if citeFormats[*format] {
			var err error
			if r, err = baseURL(stderr); err != nil {
				return err
			}
		} else if givenFlags(fs)["base-url"] {
			return usagef("--base-url: only --format bibtex and ris name the pages' addresses")
		}
		q, err := titles.query()
		if err != nil {
			return err
		}
		if q.From, err = flagDate("--from", *from); err != nil {
			return err
		}
		if q.To, err = flagDate("--to", *to); err != nil {
			return err
		}
		if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
			return usagef("--to %s is before --from %s", q.To, q.From)
		}
		st, err := openStore(*db)
		if err != nil {
			return err
		}
		err = titles.find(ctx, st, &q)
		if err == nil {
			err = write(ctx, dataSite(st), r, q, stdout)
		}
		return errors.Join(err, st.Close())
	}
}

// titleFlags are the --topic, --story and --category of export and
// search, which keep the events of a topic, story or category.
type titleFlags struct {
	topic, story, category string
}

func (t *titleFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&t.topic, "topic", "", "keep the events of this `TOPIC` (title or slug)")
	fs.StringVar(&t.story, "story", "", "keep the events of this `STORY` (title or slug)")
	fs.StringVar(&t.category, "category", "", "keep the events of this `CATEGORY` (name or slug)")
}

// query returns export's query of the one flag given, its Title the flag's
// value until find resolves it.
func (t *titleFlags) query() (site.EventQuery, error) {
	var q site.EventQuery
	for _, f := range []struct {
		kind  event.Kind
		value string
	}{{event.KindTopic, t.topic}, {event.KindStory, t.story}, {event.KindCategory, t.category}} {
		if f.value == "" {
			continue
		}
		if q.Kind != "" {
			return q, usagef("--%s and --%s: give one of --topic, --story and --category", q.Kind, f.kind)
		}
		q.Kind, q.Title = f.kind, f.value
	}
	return q, nil
}

// find turns the title or slug the flag gave into the title it names.
func (t *titleFlags) find(ctx context.Context, st *store.Store, q *site.EventQuery) error {
	if q.Kind == "" {
		return nil
	}
	title, err := st.FindTitle(ctx, q.Kind, q.Title)
	if errors.Is(err, store.ErrNotFound) {
		return notFoundTitle(ctx, st, q.Kind, q.Title)
	}
	q.Title = title
	return err
}

// notFoundTitle is the usage error of a title the database does not hold,
// naming the titles the reader may have meant.
func notFoundTitle(ctx context.Context, st *store.Store, kind event.Kind, value string) error {
	similar, err := st.SimilarTitles(ctx, kind, value, 3)
	if err != nil {
		return err
	}
	return usagef("--%s %q: no such %s in the database%s", kind, value, kind, search.DidYouMean(similar))
}

// flagDate parses a date flag; empty gives the zero Date, an open end.
func flagDate(name, value string) (event.Date, error) {
	if value == "" {
		return event.Date{}, nil
	}
	d, err := event.ParseDate(value)
	if err != nil {
		return event.Date{}, usagef("%s: %v", name, err)
	}
	return d, nil
}

// writeNDJSON writes each event's page JSON on a line of its own.
func writeNDJSON(ctx context.Context, s *site.Site, _ *render.Renderer, q site.EventQuery, w io.Writer) error {
	out := bufio.NewWriterSize(w, 64<<10)
	var line bytes.Buffer
	err := s.EachEventPage(ctx, q, render.JSON, func(path string, body []byte) error {
		line.Reset()
		if err := json.Compact(&line, body); err != nil {
			return fmt.Errorf("compact %s: %w", path, err)
		}
		line.WriteByte('\n')
		_, err := out.Write(line.Bytes())
		return err
	})
	return errors.Join(err, out.Flush())
}

// writeCSV writes the events as the rows of a CSV table.
func writeCSV(ctx context.Context, s *site.Site, _ *render.Renderer, q site.EventQuery, w io.Writer) error {
	out := bufio.NewWriterSize(w, 64<<10)
	table := render.NewCSVWriter(out)
	err := s.EachEvent(ctx, q, table.Write)
	return errors.Join(err, table.Flush(), out.Flush())
}

// citeWith returns the writer of the events as the entries of a BibTeX
// file or the records of a RIS file (style), their addresses r's.
func citeWith(style render.CiteStyle) func(ctx context.Context, s *site.Site, r *render.Renderer, q site.EventQuery, w io.Writer) error {
	return func(ctx context.Context, s *site.Site, r *render.Renderer, q site.EventQuery, w io.Writer) error {
		out := bufio.NewWriterSize(w, 64<<10)
		cites := r.NewCiteWriter(out, style)
		err := s.EachEvent(ctx, q, cites.Write)
		return errors.Join(err, out.Flush())
	}
}
