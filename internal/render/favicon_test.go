package render

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"image/color"
	"image/png"
	"strings"
	"testing"
)

func TestFaviconICOHoldsTheIconAsPNG(t *testing.T) {
	ico := FaviconICO()
	var head struct {
		Reserved, Type, Count uint16
		Width, Height         uint8
		Colors, Reserved2     uint8
		Planes, Bits          uint16
		Size, Offset          uint32
	}
	if err := binary.Read(bytes.NewReader(ico), binary.LittleEndian, &head); err != nil {
		t.Fatal(err)
	}
	if head.Reserved != 0 || head.Type != 1 || head.Count != 1 || head.Width != 32 || head.Height != 32 ||
		head.Planes != 1 || head.Bits != 32 || head.Offset != 22 || int(head.Size) != len(ico)-22 {
		t.Fatalf("ICO header %+v of %d bytes, want one 32×32 32-bit image at 22", head, len(ico))
	}
	img, err := png.Decode(bytes.NewReader(ico[head.Offset:]))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		x, y int
		want color.NRGBA
	}{
		{"a corner, outside the rounded square: transparent", 0, 0, color.NRGBA{0x1a, 0x55, 0xb0, 0}},
		{"the square's edge, away from the corners", 0, 16, color.NRGBA{0x1a, 0x55, 0xb0, 0xff}},
		{"the first line", 10, 9, color.NRGBA{0xff, 0xff, 0xff, 0xff}},
		{"the middle line", 20, 16, color.NRGBA{0xff, 0xff, 0xff, 0xff}},
		{"after the short last line", 22, 22, color.NRGBA{0x1a, 0x55, 0xb0, 0xff}},
	}
	for _, tt := range tests {
		if got := color.NRGBAModel.Convert(img.At(tt.x, tt.y)).(color.NRGBA); got != tt.want {
			t.Errorf("%s (%d, %d): %v, want %v", tt.name, tt.x, tt.y, got, tt.want)
		}
	}
	if a := color.NRGBAModel.Convert(img.At(1, 1)).(color.NRGBA).A; a == 0 || a == 0xff {
		t.Errorf("the rounded corner's edge pixel has alpha %d, want it smoothed", a)
	}
}

func TestFaviconSVGIsXML(t *testing.T) {
	var svg struct {
		XMLName xml.Name `xml:"http://www.w3.org/2000/svg svg"`
		ViewBox string   `xml:"viewBox,attr"`
	}
	if err := xml.Unmarshal(FaviconSVG(), &svg); err != nil || svg.ViewBox != "0 0 32 32" {
		t.Errorf("the SVG icon: %v, viewBox %q", err, svg.ViewBox)
	}
}

func TestEveryHTMLPageLinksTheIcons(t *testing.T) {
	r, err := New(Config{BaseURL: "https://example.org/archive/"})
	if err != nil {
		t.Fatal(err)
	}
	want := "<link rel=\"icon\" href=\"/archive/favicon.ico\" sizes=\"32x32\">\n<link rel=\"icon\" href=\"/archive/favicon.svg\" type=\"image/svg+xml\">"
	for name, p := range goldenPages() {
		if got := renderString(t, r, HTML, p); !strings.Contains(got, want) {
			t.Errorf("%s.html lacks %s", name, want)
		}
	}
}
