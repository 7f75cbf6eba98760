package event

import (
	"fmt"
	"testing"
	"time"
)

func TestDateCompare(t *testing.T) {
	d := func(y int, m time.Month, day int) Date { return Date{Year: y, Month: m, Day: day} }
	tests := []struct {
		a, b Date
		want int
	}{
		{d(2013, time.June, 6), d(2013, time.June, 6), 0},
		{d(2013, time.June, 6), d(2013, time.June, 7), -1},
		{d(2013, time.July, 1), d(2013, time.June, 30), 1},
		{d(2012, time.December, 31), d(2013, time.January, 1), -1},
		{d(999, time.January, 1), d(2013, time.January, 1), -1},
	}
	for _, tt := range tests {
		if got := tt.a.Compare(tt.b); got != tt.want {
			t.Errorf("%v.Compare(%v) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := tt.a.Before(tt.b); got != (tt.want < 0) {
			t.Errorf("%v.Before(%v) = %v", tt.a, tt.b, got)
		}
	}
}

func TestKindPlural(t *testing.T) {
	for _, k := range Kinds {
		if !k.Valid() {
			t.Errorf("%q is not valid", k)
		}
		if got, ok := KindOfPlural(k.Plural()); !ok || got != k {
			t.Errorf("KindOfPlural(%q) = %q, %v; want %q", k.Plural(), got, ok, k)
		}
	}
	if Kind("person").Valid() {
		t.Error(`"person" is valid`)
	}
	if _, ok := KindOfPlural("news"); ok {
		t.Error(`KindOfPlural("news") found a kind`)
	}
}

func TestDateFormsMatchFmt(t *testing.T) {
	for _, d := range []Date{{}, {2013, 6, 6}, {999, 12, 31}, {12345, 1, 1}, {-5, 1, 2}, {2013, -1, -2}} {
		if got, want := d.String(), fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day); got != want {
			t.Errorf("%#v.String() = %q, want %q", d, got, want)
		}
		if got, want := d.Dir(), fmt.Sprintf("/news/%04d/%02d/%d", d.Year, int(d.Month), d.Day); got != want {
			t.Errorf("%#v.Dir() = %q, want %q", d, got, want)
		}
	}
}
