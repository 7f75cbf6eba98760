// Command mkmedia draws the demo's cover images, small flat pictures of the
// sample's storylines, into the directory given (go generate runs it into
// internal/demo/media). They are drawn, not photographs, so that the demo
// needs nothing fetched and owes nothing to anyone.
package main

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
)

// Size of every cover, 16:9.
const width, height = 320, 180

// palette holds every colour the covers use.
var palette = color.Palette{
	color.RGBA{0x12, 0x1a, 0x2e, 0xff}, // 0 night
	color.RGBA{0x2b, 0x5d, 0x9c, 0xff}, // 1 sea blue
	color.RGBA{0x8c, 0xc4, 0xe8, 0xff}, // 2 sky
	color.RGBA{0xf4, 0xf1, 0xe8, 0xff}, // 3 paper
	color.RGBA{0x8a, 0x8d, 0x93, 0xff}, // 4 grey
	color.RGBA{0x4a, 0x4d, 0x55, 0xff}, // 5 slate
	color.RGBA{0xe0, 0xa4, 0x3a, 0xff}, // 6 gold
	color.RGBA{0xd9, 0x52, 0x2b, 0xff}, // 7 flame
	color.RGBA{0x2f, 0x7d, 0x3a, 0xff}, // 8 pitch green
	color.RGBA{0x1f, 0x4a, 0x3a, 0xff}, // 9 board green
	color.RGBA{0xc8, 0x1e, 0x2c, 0xff}, // 10 red
	color.RGBA{0x8b, 0x6a, 0x3e, 0xff}, // 11 mud
	color.RGBA{0xe8, 0xd9, 0xb5, 0xff}, // 12 stone
	color.RGBA{0x6a, 0x3d, 0x7a, 0xff}, // 13 dusk
}

// canvas is one cover being drawn.
type canvas struct{ *image.Paletted }

func newCanvas(bg uint8) canvas {
	c := canvas{image.NewPaletted(image.Rect(0, 0, width, height), palette)}
	c.rect(0, 0, width, height, bg)
	return c
}

func (c canvas) rect(x0, y0, x1, y1 int, col uint8) {
	for y := max(y0, 0); y < min(y1, height); y++ {
		for x := max(x0, 0); x < min(x1, width); x++ {
			c.SetColorIndex(x, y, col)
		}
	}
}

// disc fills the ring between radii r0 and r1 around (cx, cy); r0 = 0 is a
// full disc.
func (c canvas) disc(cx, cy, r0, r1 int, col uint8) {
	for y := cy - r1; y <= cy+r1; y++ {
		for x := cx - r1; x <= cx+r1; x++ {
			d := (x-cx)*(x-cx) + (y-cy)*(y-cy)
			if d <= r1*r1 && d >= r0*r0 && x >= 0 && y >= 0 && x < width && y < height {
				c.SetColorIndex(x, y, col)
			}
		}
	}
}

// triangle fills the triangle with apex (ax, ay) over the base from x0 to
// x1 at height by.
func (c canvas) triangle(ax, ay, x0, x1, by int, col uint8) {
	for y := min(ay, by); y <= max(ay, by); y++ {
		t := float64(y-ay) / float64(by-ay)
		l := float64(ax) + t*float64(x0-ax)
		r := float64(ax) + t*float64(x1-ax)
		c.rect(int(l), y, int(r)+1, y+1, col)
	}
}

// covers are the pictures by file name.
var covers = map[string]func() canvas{
	"cyclone.png": func() canvas {
		c := newCanvas(1)
		for r := 70; r > 0; r -= 18 {
			c.disc(160, 90, r-8, r, 3)
		}
		c.disc(160, 90, 0, 6, 0)
		return c
	},
	"lander.png": func() canvas {
		c := newCanvas(0)
		c.rect(0, 130, width, height, 4)
		c.disc(250, 40, 0, 18, 2)
		c.rect(135, 85, 185, 115, 6)
		c.rect(125, 112, 131, 135, 12)
		c.rect(189, 112, 195, 135, 12)
		c.triangle(160, 60, 145, 175, 85, 12)
		return c
	},
	"rocket.png": func() canvas {
		c := newCanvas(2)
		c.rect(148, 50, 172, 140, 3)
		c.triangle(160, 20, 148, 172, 50, 10)
		c.triangle(160, 175, 150, 170, 140, 7)
		c.rect(0, 160, width, height, 5)
		return c
	},
	"court.png": func() canvas {
		c := newCanvas(2)
		c.triangle(160, 25, 70, 250, 60, 12)
		for x := 85; x < 240; x += 35 {
			c.rect(x, 65, x+16, 145, 12)
		}
		c.rect(65, 145, 255, 160, 12)
		c.rect(0, 160, width, height, 4)
		return c
	},
	"election.png": func() canvas {
		c := newCanvas(4)
		c.rect(110, 80, 210, 160, 1)
		c.rect(135, 78, 185, 84, 0)
		c.rect(145, 35, 175, 81, 3)
		c.rect(150, 45, 170, 48, 10)
		return c
	},
	"steel.png": func() canvas {
		c := newCanvas(5)
		for i, x := range []int{80, 160, 240} {
			c.disc(x, 120, 12, 38, 4)
			c.disc(x, 120, 0, 12, 0)
			if i < 2 {
				c.disc(x+40, 62, 12, 38, 6)
			}
		}
		return c
	},
	"talks.png": func() canvas {
		c := newCanvas(12)
		c.rect(60, 110, 260, 125, 11)
		c.disc(100, 80, 0, 20, 5)
		c.disc(220, 80, 0, 20, 5)
		c.rect(150, 60, 153, 110, 5)
		c.rect(153, 60, 175, 74, 1)
		return c
	},
	"school.png": func() canvas {
		c := newCanvas(11)
		c.rect(30, 25, 290, 150, 9)
		for y := 50; y < 130; y += 22 {
			c.rect(50, y, 50+(y*7)%180+40, y+3, 3)
		}
		return c
	},
	"football.png": func() canvas {
		c := newCanvas(8)
		c.rect(158, 0, 162, height, 3)
		c.disc(160, 90, 36, 40, 3)
		c.disc(250, 130, 0, 14, 3)
		c.disc(250, 130, 0, 5, 0)
		return c
	},
	"city.png": func() canvas {
		c := newCanvas(13)
		c.disc(70, 60, 0, 20, 6)
		for i, x := range []int{10, 60, 95, 150, 190, 240, 275} {
			h := 60 + (i*37)%70
			c.rect(x, height-h, x+38, height, 0)
		}
		return c
	},
	"health.png": func() canvas {
		c := newCanvas(3)
		c.rect(140, 40, 180, 140, 10)
		c.rect(110, 70, 210, 110, 10)
		return c
	},
	"floods.png": func() canvas {
		c := newCanvas(4)
		c.rect(0, 110, width, height, 11)
		for _, x := range []int{60, 170, 260} {
			c.rect(x-25, 90, x+25, 115, 12)
			c.triangle(x, 60, x-32, x+32, 90, 10)
		}
		return c
	},
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: mkmedia DIR")
		os.Exit(2)
	}
	for name, draw := range covers {
		if err := write(filepath.Join(os.Args[1], name), draw()); err != nil {
			fmt.Fprintln(os.Stderr, "mkmedia:", err)
			os.Exit(1)
		}
	}
}

func write(name string, c canvas) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(f, c.Paletted); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", name, err)
	}
	return f.Close()
}
