package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"offsim/model"
)

// progress reports a run as it goes, on stderr, counted in simulated
// months (a replication of a 10-year scenario is 120 of them, one of a
// 1000-hour queueing check less than two): on a terminal a line redrawn
// a few times a second from launch — a bar, the scenario and its
// replications, the simulated months done, the rate in simulated months
// per second and the time left, both from the work completed so far —;
// off a terminal one line per finished scenario. With -quiet it prints
// nothing.
//
// The bar is progressbar's, drawn blank from launch; the rate and the
// time left are computed here from the work completed, not by
// progressbar, whose rate averages the last ten increments (with
// replication-sized steps it read "166973 rep/s" when two replications
// finished together).
type progress struct {
	bar   *progressbar.ProgressBar // on a terminal, not quiet
	mu    sync.Mutex
	w     io.Writer
	tty   bool
	quiet bool
	width int
	now   func() time.Time

	start      time.Time
	total      float64 // simulated months to run
	done       float64
	scenarios  int // in the batch
	finished   int // scenarios done
	name       string
	reps, have int     // the current scenario's replications to run and run
	months     float64 // one replication's simulated months
	scenStart  time.Time
	stop, idle chan struct{}
}

// refreshEvery is how often the terminal line is redrawn.
const refreshEvery = 250 * time.Millisecond

// replicationMonths returns the simulated months of one replication of sc
// (warm-up included: it is simulated too).
func replicationMonths(sc *model.Scenario) float64 {
	return sc.Run.HorizonSeconds / (model.DaysPerMonth * model.SecondsPerDay)
}

// newProgress starts reporting a batch whose replications still to run
// come to total simulated months, on w (a terminal or not) unless quiet.
func newProgress(w io.Writer, quiet bool, scenarios int, total float64) *progress {
	p := &progress{w: w, quiet: quiet, now: time.Now, scenarios: scenarios, total: total, width: 100}
	p.start = p.now()
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.tty = true
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 20 {
			p.width = cols - 1
		}
	}
	if p.tty && !quiet {
		p.newBar()
		p.stop, p.idle = make(chan struct{}), make(chan struct{})
		go p.refresh()
	}
	return p
}

// newBar starts the terminal's bar, blank, sized for its width.
func (p *progress) newBar() {
	p.bar = progressbar.NewOptions64(barUnits(p.total),
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionSetRenderBlankState(true),
		progressbar.OptionSetWidth(p.barWidth()),
		progressbar.OptionSetPredictTime(false),
		progressbar.OptionSetElapsedTime(false),
		progressbar.OptionShowDescriptionAtLineEnd(),
		progressbar.OptionClearOnFinish(),
	)
}

// barWidth is the bar's width in characters; progressbar draws about ten
// more around it ("  50% |" … "|  ").
func (p *progress) barWidth() int { return min(max(p.width/5, 5), 20) }

// barUnits are the bar's units for simulated months: hundredths.
func barUnits(months float64) int64 { return int64(math.Round(months * 100)) }

// refresh redraws the line until Finish.
func (p *progress) refresh() {
	defer close(p.idle)
	t := time.NewTicker(refreshEvery)
	defer t.Stop()
	for {
		p.mu.Lock()
		p.draw()
		p.mu.Unlock()
		select {
		case <-p.stop:
			return
		case <-t.C:
		}
	}
}

// startScenario begins a scenario of reps replications to run, each of
// months simulated months.
func (p *progress) startScenario(name string, reps int, months float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.name, p.reps, p.have, p.months, p.scenStart = name, reps, 0, months, p.now()
}

// addReplications adds n replications to the current scenario (-target-ci).
func (p *progress) addReplications(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reps += n
	p.total += float64(n) * p.months
	if p.bar != nil {
		p.bar.ChangeMax64(barUnits(p.total))
	}
}

// replicationDone counts one finished replication of the current scenario.
func (p *progress) replicationDone() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.have++
	p.done += p.months
}

// finishScenario ends the current scenario: off a terminal, one line.
func (p *progress) finishScenario() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finished++
	if p.quiet || p.tty || p.reps == 0 {
		return
	}
	el := p.now().Sub(p.scenStart).Seconds()
	fmt.Fprintf(p.w, "offsim run: %s: %d replication(s) in %.1f s (%s simulated months/s); %d of %d scenario(s) done, %s\n",
		p.name, p.have, el, rate(float64(p.have)*p.months, el), p.finished, p.scenarios, p.left())
}

// Finish stops the terminal line and clears it.
func (p *progress) Finish() {
	if p.stop != nil {
		close(p.stop)
		<-p.idle
		p.stop = nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Clear()
		p.bar = nil
	}
}

// left says how long the rest will take at the rate so far.
func (p *progress) left() string {
	el := p.now().Sub(p.start).Seconds()
	switch {
	case p.done >= p.total:
		return "nothing left"
	case p.done <= 0 || el <= 0:
		return "time left: –"
	}
	s := (p.total - p.done) / (p.done / el)
	return "about " + duration(s) + " left"
}

// line is the terminal line.
func (p *progress) line() string {
	el := p.now().Sub(p.start).Seconds()
	r := "–"
	if p.done > 0 && el > 0 {
		r = rate(p.done, el)
	}
	s := fmt.Sprintf("%s/%s simulated months  %s months/s  %s  (%s so far)",
		groupInt(p.done), groupInt(p.total), r, p.left(), duration(el))
	if p.name != "" {
		s += fmt.Sprintf("  %s: %d/%d", p.name, p.have, p.reps)
	}
	return s
}

// draw redraws the terminal line: the bar at the months done, the text
// after it cut to the terminal's width.
func (p *progress) draw() {
	s := p.line()
	room := p.width - p.barWidth() - 11
	if r := []rune(s); len(r) > room {
		s = ""
		if room > 1 {
			s = string(r[:room-1]) + "…"
		}
	}
	p.bar.Describe(s)
	_ = p.bar.Set64(barUnits(p.done))
}

// rate formats simulated months per second.
func rate(months, seconds float64) string {
	if seconds <= 0 {
		return "–"
	}
	r := months / seconds
	if r >= 100 {
		return fmt.Sprintf("%.0f", r)
	}
	return fmt.Sprintf("%.1f", r)
}

// duration formats seconds as "45 s", "3 min 20 s", "1 h 5 min".
func duration(s float64) string {
	switch {
	case math.IsInf(s, 0) || math.IsNaN(s):
		return "–"
	case s < 60:
		return fmt.Sprintf("%.0f s", s)
	case s < 3600:
		return fmt.Sprintf("%d min %02.0f s", int(s)/60, math.Mod(math.Floor(s), 60))
	}
	return fmt.Sprintf("%d h %02d min", int(s)/3600, int(s)%3600/60)
}

// groupInt formats a number as a whole number with thousands separators.
func groupInt(v float64) string {
	d := strconv.FormatFloat(math.Abs(math.Round(v)), 'f', 0, 64)
	var b strings.Builder
	if v <= -0.5 {
		b.WriteByte('-')
	}
	for i, c := range d {
		if i > 0 && (len(d)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
