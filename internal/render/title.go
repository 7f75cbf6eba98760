package render

import (
	"bytes"
	"sync"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// TitleViews holds what every page of one title shows alike, whichever
// page it is: the bars per year, the topics it appears with, a story's
// parents and sub-stories, and the events per month. The first page of the
// title rendered makes them, in the parts its format needs, and the others
// share them, in every format: a title of 3,000 months would else make its
// chart again on each of its numbered and year pages.
//
// The pages given the same TitleViews (TopicPage.Shared) must have the same
// Kind, Title, Path, PerYear, YearPages, CoTopics, PerMonth and Story. The
// zero TitleViews is ready to use, by concurrent renders too.
type TitleViews struct {
	once sync.Once
	r    *Renderer
	v    *titleView
}

// titleView is the part of a title's pages that does not depend on the page.
type titleView struct {
	perYear    []countDoc
	maxPerYear int
	coTopics   []countDoc
	parents    []linkDoc
	subStories []countDoc
	months     []MonthTotal

	perMonthOnce sync.Once
	perMonthDocs []countDoc // made for JSON and XML only

	headOnce sync.Once
	head     []byte // the HTML of the story head, chart and bars per year

	perYearMDOnce sync.Once
	perYearMD     []byte // the Markdown list of events per year
}

// titleViewOf returns the title-wide view of page p, whose title's first
// page is at path: the shared one when p has it for this renderer.
func (r *Renderer) titleViewOf(p *TopicPage, path string) *titleView {
	s := p.Shared
	if s == nil {
		return r.newTitleView(p, path)
	}
	s.once.Do(func() { s.r, s.v = r, r.newTitleView(p, path) })
	if s.r != r {
		return r.newTitleView(p, path)
	}
	return s.v
}

func (r *Renderer) newTitleView(p *TopicPage, path string) *titleView {
	v := &titleView{perYear: yearDocs(p.PerYear), months: p.PerMonth}
	if sp, err := event.ParseSitePath(path); err == nil && p.YearPages && sp.Type == event.PathTitle {
		for i, y := range p.PerYear {
			v.perYear[i].Path = event.TitleYearPage(p.Kind, sp.Slug, y.Year).String()
		}
	}
	for _, y := range p.PerYear {
		v.maxPerYear = max(v.maxPerYear, y.Count)
	}
	v.coTopics = r.countDocs(event.KindTopic, p.CoTopics)
	if p.Story != nil {
		for _, t := range p.Story.Parents {
			t = oneLine(t)
			v.parents = append(v.parents, linkDoc{Title: t, Path: r.pathOf(event.KindStory, t)})
		}
		v.subStories = r.countDocs(event.KindStory, p.Story.SubStories)
	}
	return v
}

// perMonth returns the events per month as JSON and XML list them.
func (v *titleView) perMonth() []countDoc {
	v.perMonthOnce.Do(func() {
		for _, m := range v.months {
			v.perMonthDocs = append(v.perMonthDocs, countDoc{monthTitle(m.Year, m.Month), MonthPath(m.Year, m.Month), m.Count})
		}
	})
	return v.perMonthDocs
}

// writeTitleHeadHTML writes d's story head, activity chart and bars per year,
// made once for the title when d has its view.
func (d *indexDoc) writeTitleHeadHTML(w htmlWriter) {
	if d.title == nil {
		d.writeTitleHeadHTMLNow(w)
		return
	}
	d.title.headOnce.Do(func() {
		var b bytes.Buffer
		d.writeTitleHeadHTMLNow(htmlWriter{Buffer: &b, prefix: w.prefix})
		d.title.head = b.Bytes()
	})
	w.Write(d.title.head)
}

func (d *indexDoc) writeTitleHeadHTMLNow(w htmlWriter) {
	d.writeStoryHeadHTML(w)
	d.writeActivityHTML(w)
	if len(d.PerYear) > 0 {
		w.WriteString("\n<section><h2>Events per year</h2>\n<table class=\"years\">")
		for _, y := range d.PerYear {
			w.WriteString("\n<tr><th scope=\"row\">")
			w.link(y.Path, y.Title)
			w.WriteString("</th><td>")
			w.int(y.Count)
			w.WriteString(`</td><td class="bar"><span style="width: `)
			w.int(percent(y.Count, d.maxPerYear))
			w.WriteString(`%"></span></td></tr>`)
		}
		w.WriteString("\n</table></section>")
	}
}

// writePerYearMarkdown writes d's list of events per year in Markdown, made
// once for the title when d has its view: every page of a title lists all
// its years, so a title of many years and pages would else write the same
// list on each (the lists of all its pages grow with the product).
func (d *indexDoc) writePerYearMarkdown(b mdWriter) {
	if d.title == nil {
		writeCountsMarkdown(b, "Events per year", d.PerYear)
		return
	}
	d.title.perYearMDOnce.Do(func() {
		var buf bytes.Buffer
		writeCountsMarkdown(mdWriter{&buf, b.prefix}, "Events per year", d.PerYear)
		d.title.perYearMD = buf.Bytes()
	})
	b.Write(d.title.perYearMD)
}
