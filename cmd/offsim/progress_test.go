package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// fakeClock advances by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

// TestProgressOffTerminal: off a terminal, one line per finished scenario
// with its rate in simulated months per second and the time left from the
// work done; nothing with -quiet.
func TestProgressOffTerminal(t *testing.T) {
	var buf bytes.Buffer
	clk := &fakeClock{time.Unix(0, 0)}
	p := newProgress(&buf, false, 2, 2*4*24)
	p.now = clk.now
	p.start = clk.t
	p.startScenario("a", 4, 24)
	for range 4 {
		clk.t = clk.t.Add(2 * time.Second)
		p.replicationDone()
	}
	if buf.Len() != 0 {
		t.Errorf("printed before the scenario finished: %q", buf.String())
	}
	p.finishScenario()
	want := "offsim run: a: 4 replication(s) in 8.0 s (12.0 simulated months/s); 1 of 2 scenario(s) done, about 8 s left\n"
	if buf.String() != want {
		t.Errorf("got %q\nwant %q", buf.String(), want)
	}
	p.Finish()

	buf.Reset()
	q := newProgress(&buf, true, 1, 24)
	q.startScenario("a", 1, 24)
	q.replicationDone()
	q.finishScenario()
	q.Finish()
	if buf.Len() != 0 {
		t.Errorf("-quiet printed %q", buf.String())
	}
}

// TestProgressLine: the terminal line says the rate and time left only once
// work is done, from the work done.
func TestProgressLine(t *testing.T) {
	clk := &fakeClock{time.Unix(0, 0)}
	p := &progress{now: clk.now, start: clk.t, total: 120, width: 200}
	p.startScenario("race", 1, 120)
	clk.t = clk.t.Add(3 * time.Second)
	if l := p.line(); !strings.Contains(l, "0/120 simulated months  – months/s  time left: –  (3 s so far)  race: 0/1") {
		t.Errorf("before any work: %q", l)
	}
	p.total = 240
	p.reps = 2
	p.replicationDone()
	clk.t = clk.t.Add(7 * time.Second)
	if l := p.line(); !strings.Contains(l, "120/240 simulated months  12.0 months/s  about 10 s left  (10 s so far)  race: 1/2") {
		t.Errorf("half done: %q", l)
	}
	for _, width := range []int{30, 60, 120} {
		var buf bytes.Buffer
		p.w, p.width = &buf, width
		p.newBar()
		p.draw()
		out := buf.String()
		last := out[strings.LastIndex(out, "\r")+1:]
		if n := len([]rune(strings.TrimRight(last, " "))); n > width {
			t.Errorf("line of %d runes on a terminal of %d: %q", n, width, last)
		}
		if !strings.Contains(last, "50%") {
			t.Errorf("terminal of %d: the bar does not say 50%%: %q", width, last)
		}
	}
}
