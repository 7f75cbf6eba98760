package render

import (
	"strconv"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// The charts are inline SVG written on the server: no script, no chart
// library. Their colours come from classes in style.css, so that they
// follow the light and dark schemes; their sizes from the viewBox, so that
// they shrink to a phone's width.

// Geometry of the activity chart, in viewBox units.
const (
	chartWidth  = 600
	chartHeight = 100 // the bars' area; the year labels go below
	chartLabels = 18
)

// writeActivityHTML writes a topic's events per month as a bar chart, with
// a summary for those who cannot see it; nothing when it has no months.
func (d *indexDoc) writeActivityHTML(w htmlWriter) {
	months := d.months
	if len(months) == 0 {
		return
	}
	first, last := months[0], months[len(months)-1]
	span := monthIndex(last) - monthIndex(first) + 1
	busiest := months[0]
	for _, m := range months {
		if m.Count > busiest.Count {
			busiest = m
		}
	}
	pitch := float64(chartWidth) / float64(span)
	w.WriteString("\n<section class=\"activity\"><h2>Events per month</h2>\n<figure><svg viewBox=\"0 0 ")
	w.int(chartWidth)
	w.WriteByte(' ')
	w.int(chartHeight + chartLabels)
	w.WriteString("\" role=\"img\" aria-labelledby=\"activity-t activity-d\"><title id=\"activity-t\">Events per month</title><desc id=\"activity-d\">")
	summary := activitySummary(first, last, busiest)
	w.text(summary)
	w.WriteString("</desc>")
	for _, m := range months {
		h := max(1, m.Count*chartHeight/busiest.Count)
		w.WriteString("\n<rect x=\"")
		w.decimal(float64(monthIndex(m)-monthIndex(first)) * pitch)
		w.WriteString(`" y="`)
		w.int(chartHeight - h)
		w.WriteString(`" width="`)
		w.decimal(min(max(pitch*0.8, 0.6), 40))
		w.WriteString(`" height="`)
		w.int(h)
		w.WriteString(`"><title>`)
		w.text(monthTitle(m.Year, m.Month))
		w.WriteString(": ")
		w.text(eventCount(m.Count))
		w.WriteString("</title></rect>")
	}
	w.WriteString("\n<line x1=\"0\" y1=\"")
	w.int(chartHeight)
	w.WriteString(`" x2="`)
	w.int(chartWidth)
	w.WriteString(`" y2="`)
	w.int(chartHeight)
	w.WriteString(`"/>`)
	d.writeYearTicks(w, first, last, pitch)
	w.WriteString("\n</svg><figcaption>")
	w.text(summary)
	w.WriteString("</figcaption></figure></section>")
}

// writeYearTicks labels the chart's x axis with years, as many as fit.
func (d *indexDoc) writeYearTicks(w htmlWriter, first, last MonthTotal, pitch float64) {
	years := last.Year - first.Year + 1
	step := (years + 9) / 10
	for y := first.Year; y <= last.Year; y += step {
		x := float64(monthIndex(MonthTotal{Year: y, Month: time.January})-monthIndex(first)) * pitch
		if x < 0 {
			x = 0
		}
		if x > chartWidth-36 {
			break
		}
		w.WriteString("\n<text x=\"")
		w.decimal(x)
		w.WriteString(`" y="`)
		w.int(chartHeight + chartLabels - 3)
		w.WriteString(`">`)
		w.int(y)
		w.WriteString("</text>")
	}
}

func activitySummary(first, last, busiest MonthTotal) string {
	s := monthTitle(first.Year, first.Month)
	if last != first {
		s += " to " + monthTitle(last.Year, last.Month)
	}
	return s + "; the busiest month, " + monthTitle(busiest.Year, busiest.Month) + ", had " + eventCount(busiest.Count) + "."
}

func eventCount(n int) string {
	if n == 1 {
		return "1 event"
	}
	return itoa(n) + " events"
}

func monthIndex(m MonthTotal) int { return m.Year*12 + int(m.Month) - 1 }

// decimal writes x with at most one decimal.
func (w htmlWriter) decimal(x float64) {
	w.Write(strconv.AppendFloat(w.AvailableBuffer(), float64(int(x*10+0.5))/10, 'f', -1, 64))
}

// Geometry of the calendar, in viewBox units: a column per week, a row per
// weekday from Monday, month names above and weekday names left.
const (
	calCell  = 10
	calPitch = 12
	calLeft  = 26
	calTop   = 14
)

// writeCalendarHTML writes a year's events per day as a heat map in which
// every day with events links to its page, and the legend of its shades.
func (d *indexDoc) writeCalendarHTML(w htmlWriter) {
	if len(d.days) == 0 {
		return
	}
	year := d.days[0].Date.Year
	busiest := 0
	counts := map[event.Date]int{}
	for _, c := range d.days {
		counts[c.Date] = c.Count
		busiest = max(busiest, c.Count)
	}
	jan1 := time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC)
	offset := (int(jan1.Weekday()) + 6) % 7 // Monday first
	daysIn := jan1.AddDate(1, 0, 0).Sub(jan1).Hours() / 24
	cols := (int(daysIn) + offset + 6) / 7
	w.WriteString("\n<section class=\"calendar\"><h2>Calendar</h2>\n<div class=\"calscroll\"><svg class=\"cal\" viewBox=\"0 0 ")
	w.int(calLeft + cols*calPitch)
	w.WriteByte(' ')
	w.int(calTop + 7*calPitch)
	w.WriteString("\" aria-labelledby=\"cal-t\"><title id=\"cal-t\">Events per day in ")
	w.int(year)
	w.WriteString("; each day with events links to its page</title>")
	for i, name := range []string{"Mon", "Wed", "Fri"} {
		w.WriteString("\n<text x=\"0\" y=\"")
		w.int(calTop + 2*i*calPitch + calCell - 1)
		w.WriteString(`">`)
		w.WriteString(name)
		w.WriteString("</text>")
	}
	for day := jan1; day.Year() == year; day = day.AddDate(0, 0, 1) {
		i := day.YearDay() - 1 + offset
		x, y := calLeft+i/7*calPitch, calTop+i%7*calPitch
		if day.Day() == 1 {
			w.WriteString("\n<text x=\"")
			w.int(x)
			w.WriteString(`" y="10">`)
			w.WriteString(day.Month().String()[:3])
			w.WriteString("</text>")
		}
		date := event.Date{Year: year, Month: day.Month(), Day: day.Day()}
		n := counts[date]
		if n == 0 {
			writeCalRect(w, x, y, 0)
			continue
		}
		w.WriteString("\n<a href=\"")
		w.page(DayPath(date))
		w.WriteString(`"><title>`)
		w.longDate(date)
		w.WriteString(": ")
		w.text(eventCount(n))
		w.WriteString("</title>")
		writeCalRect(w, x, y, (4*n+busiest-1)/busiest)
		w.WriteString("</a>")
	}
	w.WriteString("\n</svg></div>\n<p class=\"legend\">Fewer <span class=\"c0\"></span><span class=\"c1\"></span><span class=\"c2\"></span><span class=\"c3\"></span><span class=\"c4\"></span> more events a day</p></section>")
}

func writeCalRect(w htmlWriter, x, y, level int) {
	w.WriteString(`<rect x="`)
	w.int(x)
	w.WriteString(`" y="`)
	w.int(y)
	w.WriteString(`" width="10" height="10" class="c`)
	w.int(level)
	w.WriteString(`"/>`)
}
