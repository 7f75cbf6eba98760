package render

// countGroup is a heading with its counted pages: a year with its months
// on /news/index, a month with its days on /on-this-day/index. A head
// without a path is shown as text.
type countGroup struct {
	head  countDoc
	items []countDoc
}

// newsView is /news/index: every year (Years) with its months (Months),
// grouped by year for HTML and Markdown.
func (r *Renderer) newsView(p *NewsPage) *indexDoc {
	d := r.newIndexDoc("news", NewsPath, "All years")
	for _, y := range p.Years {
		g := countGroup{head: countDoc{Title: itoa(y.Year), Path: YearPath(y.Year)}}
		for _, m := range y.Months {
			g.items = append(g.items, countDoc{monthTitle(y.Year, m.Month), MonthPath(y.Year, m.Month), m.Count})
			g.head.Count += m.Count
		}
		d.Years = append(d.Years, g.head)
		d.Months = append(d.Months, g.items...)
		d.Total += g.head.Count
		d.groups = append(d.groups, g)
	}
	return d
}

// calendarView is /on-this-day/index: every day of the year (Items) with
// its events of every year, grouped by month for HTML and Markdown.
func (r *Renderer) calendarView(p *CalendarPage) *indexDoc {
	d := r.newIndexDoc("calendar", CalendarPath, "On this day")
	for _, c := range p.Days {
		item := countDoc{dayOfYearTitle(c.Month, c.Day), OnThisDayPath(calendarDay(c.Month, c.Day)), c.Count}
		d.Items = append(d.Items, item)
		d.Total += c.Count
		month := c.Month.String()
		if n := len(d.groups); n == 0 || d.groups[n-1].head.Title != month {
			d.groups = append(d.groups, countGroup{head: countDoc{Title: month}})
		}
		g := &d.groups[len(d.groups)-1]
		g.items = append(g.items, item)
		g.head.Count += c.Count
	}
	return d
}

// writeNewsHTML writes /news/index: a section a year, its months linked.
func (d *indexDoc) writeNewsHTML(w htmlWriter) {
	writeH1(w, d.Title)
	writeEventsInYearsHTML(w, d.Total, len(d.groups), ", month by month.")
	d.writeGroupsHTML(w)
	if len(d.groups) == 0 {
		w.WriteString("\n<p>The archive has no events yet.</p>")
	}
	w.WriteByte('\n')
}

// writeCalendarIndexHTML writes /on-this-day/index: a section a month, its
// days linked to their on-this-day pages.
func (d *indexDoc) writeCalendarIndexHTML(w htmlWriter) {
	writeH1(w, d.Title)
	w.WriteString(`<p class="lede">Every day of the year, with its events in every year of the archive: `)
	w.int(d.Total)
	w.WriteString(" events in all.</p>")
	d.writeGroupsHTML(w)
	w.WriteByte('\n')
}

func (d *indexDoc) writeGroupsHTML(w htmlWriter) {
	for _, g := range d.groups {
		w.WriteString("\n<section><h2>")
		if g.head.Path != "" {
			w.link(g.head.Path, g.head.Title)
		} else {
			w.text(g.head.Title)
		}
		w.WriteString(` <span class="n">`)
		w.int(g.head.Count)
		w.WriteString("</span></h2>")
		writeCountsHTML(w, g.items)
		w.WriteString("</section>")
	}
}

// writeGroupsMarkdown writes the groups of /news/index or
// /on-this-day/index: a heading each, its pages listed with their counts.
func writeGroupsMarkdown(b mdWriter, groups []countGroup) {
	for _, g := range groups {
		b.WriteString("\n## ")
		if g.head.Path != "" {
			writePageLink(b, g.head.Title, g.head.Path)
		} else {
			writeMDText(b.Buffer, g.head.Title)
		}
		b.WriteString(" (")
		b.WriteString(itoa(g.head.Count))
		b.WriteString(")\n\n")
		for _, c := range g.items {
			b.WriteString("- ")
			writePageLink(b, c.Title, c.Path)
			b.WriteString(" (")
			b.WriteString(itoa(c.Count))
			b.WriteString(")\n")
		}
	}
}

// writeArchiveLinksMarkdown links the two indexes of the whole archive,
// from the home page.
func writeArchiveLinksMarkdown(b mdWriter) {
	b.WriteString("\n")
	writePageLink(b, "All years, month by month", NewsPath)
	b.WriteString(" · ")
	writePageLink(b, "On this day, every day of the year", CalendarPath)
	b.WriteString(" · ")
	writePageLink(b, "Recent edits of the portal", EditsPath)
	b.WriteString("\n")
}

// writeEventsInYearsHTML writes the lede "N events in Y years" and end.
func writeEventsInYearsHTML(w htmlWriter, events, years int, end string) {
	w.WriteString(`<p class="lede">`)
	w.int(events)
	w.WriteString(" events in ")
	w.int(years)
	if years == 1 {
		w.WriteString(" year")
	} else {
		w.WriteString(" years")
	}
	w.WriteString(end)
	w.WriteString("</p>")
}
