package sim

import (
	"math"
	"math/bits"
)

// wheel is a calendar queue for the call events due within minutes:
// time is cut into slots of a fixed width, and a ring of buckets holds the
// events of the next len(buckets) slots, unsorted; the events due later
// wait in an overflow heap until the ring reaches them. Scheduling appends
// to a bucket; taking the earliest event scans the first non-empty bucket,
// found through a bitmap, which mostly holds one event. A binary heap of
// the same events would pay a sift through all its levels per event, with
// a branch no predictor guesses at every level.
//
// The width follows the events: it is set so that the ring spans about
// four times the mean time ahead at which events are scheduled, and the
// ring has four to sixteen times as many buckets as events: few buckets
// then hold two events or more, so the branches on that are guessed
// right, and the buckets still fit the cache. Both start afresh for every
// replication, so the order of events at equal times, which depends on
// the layout, is the same for any worker.
type wheel struct {
	width, inv float64 // slot width, seconds, and its inverse
	cur        int     // slot of the first bucket; every event held is due at or after it (see place)
	buckets    [][]event
	mask       int      // len(buckets) − 1; len(buckets) is a power of two
	nonEmpty   []uint64 // bit b: buckets[b] holds an event
	n          int      // events in the buckets
	over       heap     // events due at slots ≥ cur + len(buckets)

	// The earliest event of the first bucket, once found (see settle).
	minOK bool
	minT  float64
	minI  int

	// Time ahead of the first slot at which events were scheduled since
	// the last layout: the width is set from their mean.
	aheadSum float64
	aheadN   int

	store   [][]event // the buckets' backing arrays, kept across layouts and replications
	scratch []event   // events being laid out anew
}

const (
	wheelMinBuckets   = 64
	wheelBucketRoom   = 8    // events a bucket holds before its slice grows
	wheelInitialWidth = 1.0  // seconds: replaced after the first wheelCheckEvery events
	wheelCheckEvery   = 4096 // scheduled events between checks of the layout
	wheelMinWidth     = 1e-3 // seconds: slots stay integers for any horizon
	wheelMaxWidth     = 1e6
)

func (w *wheel) reset() {
	for b := range w.buckets {
		w.buckets[b] = w.buckets[b][:0]
	}
	w.over = w.over[:0]
	w.layout(wheelMinBuckets, wheelInitialWidth, 0)
}

// layout empties the ring into scratch, gives it nb buckets of width
// seconds starting at the slot of time from (or of the earliest event
// held, if earlier), and puts the events back.
func (w *wheel) layout(nb int, width, from float64) {
	evs := w.scratch[:0]
	for b := range w.buckets {
		evs = append(evs, w.buckets[b]...)
		w.buckets[b] = w.buckets[b][:0]
	}
	evs = append(evs, w.over...)
	w.over = w.over[:0]
	if have := len(w.store); have < nb {
		// New buckets get room for wheelBucketRoom events each, cut from
		// one block: a bucket is then one cache line, and filling the
		// ring allocates nothing in any replication that keeps to it.
		block := make([]event, (nb-have)*wheelBucketRoom)
		for b := range nb - have {
			w.store = append(w.store, block[b*wheelBucketRoom:b*wheelBucketRoom:(b+1)*wheelBucketRoom])
		}
	}
	w.buckets, w.mask = w.store[:nb], nb-1
	if words := (nb + 63) / 64; cap(w.nonEmpty) < words {
		w.nonEmpty = make([]uint64, words)
	} else {
		w.nonEmpty = w.nonEmpty[:words]
		clear(w.nonEmpty)
	}
	w.width, w.inv = width, 1/width
	for _, e := range evs {
		from = min(from, e.t)
	}
	w.cur = int(from * w.inv)
	w.n, w.minOK, w.aheadSum, w.aheadN = 0, false, 0, 0
	for _, e := range evs {
		w.place(e)
	}
	w.scratch = evs[:0]
}

// place puts event e in its bucket, or in the overflow heap if it is due
// beyond the ring. An event due before the first slot goes to the first
// bucket: it is then the earliest event held, as the first bucket's other
// events and all later buckets' are due after the first slot starts.
func (w *wheel) place(e event) {
	f := e.t * w.inv
	if f >= float64(w.cur+len(w.buckets)) {
		w.over.push(e)
		return
	}
	k := max(int(f), w.cur)
	b := k & w.mask
	w.buckets[b] = append(w.buckets[b], e)
	w.nonEmpty[b>>6] |= 1 << (b & 63)
	w.n++
	if w.minOK && k == w.cur && e.t < w.minT {
		w.minT, w.minI = e.t, len(w.buckets[b])-1
	}
}

func (w *wheel) push(e event) {
	w.place(e)
	w.aheadSum += e.t - float64(w.cur)*w.width
	if w.aheadN++; w.aheadN == wheelCheckEvery {
		w.relayout()
	}
}

// relayout sizes the ring to the events held and its width to the mean
// time ahead of the events scheduled since the last layout, when either
// is off by more than a factor of two.
func (w *wheel) relayout() {
	held := w.n + len(w.over)
	nb := len(w.buckets)
	for nb < 4*held {
		nb *= 2
	}
	for nb > wheelMinBuckets && nb > 16*held {
		nb /= 2
	}
	ahead := w.aheadSum / float64(w.aheadN)
	width := w.width
	if want := 4 * ahead / float64(nb); want > 0 && (want > 2*width || 2*want < width) {
		width = min(max(want, wheelMinWidth), wheelMaxWidth)
	}
	if nb == len(w.buckets) && width == w.width {
		w.aheadSum, w.aheadN = 0, 0
		return
	}
	w.layout(nb, width, float64(w.cur)*w.width)
}

// first returns the time of the earliest event, +Inf if there is none.
func (w *wheel) first() float64 {
	if w.minOK {
		return w.minT
	}
	return w.settle()
}

// settle moves the ring to the first bucket that holds an event, pulling
// in the overflow events the ring now reaches, and finds that bucket's
// earliest event; it returns its time, +Inf if the wheel is empty.
func (w *wheel) settle() float64 {
	if w.n == 0 {
		if len(w.over) == 0 {
			return math.Inf(1)
		}
		w.cur = max(w.cur, int(w.over[0].t*w.inv))
		w.pull()
	}
	if d := w.nextNonEmpty(); d > 0 {
		w.cur += d
		w.pull()
	}
	bk := w.buckets[w.cur&w.mask]
	w.minI, w.minT = 0, bk[0].t
	for i := 1; i < len(bk); i++ {
		if bk[i].t < w.minT {
			w.minI, w.minT = i, bk[i].t
		}
	}
	w.minOK = true
	return w.minT
}

// pull moves the overflow events the ring reaches into their buckets.
func (w *wheel) pull() {
	for len(w.over) > 0 && w.over[0].t*w.inv < float64(w.cur+len(w.buckets)) {
		w.place(w.over.pop())
	}
}

// nextNonEmpty returns how many slots after the first the first bucket
// holding an event lies; the buckets must hold one.
func (w *wheel) nextNonEmpty() int {
	b := w.cur & w.mask
	words := len(w.nonEmpty)
	i := b >> 6
	if m := w.nonEmpty[i] >> (b & 63); m != 0 {
		return bits.TrailingZeros64(m)
	}
	for k := 1; k <= words; k++ {
		j := (i + k) % words
		if m := w.nonEmpty[j]; m != 0 {
			nb := j<<6 + bits.TrailingZeros64(m)
			return (nb - b + len(w.buckets)) & w.mask
		}
	}
	panic("sim: wheel: no event in the buckets")
}

// cancel removes an event equal to e if one is in the ring, and reports
// whether it did; one due beyond the ring, in the overflow heap, stays. An event is where place put it:
// in the first bucket if due before the first slot (the ring cannot have
// moved past it), else in its slot's bucket, since the ring pulls in the
// overflow events it reaches whenever it moves.
func (w *wheel) cancel(e event) bool {
	f := e.t * w.inv
	if f >= float64(w.cur+len(w.buckets)) {
		return false
	}
	b := max(int(f), w.cur) & w.mask
	bk := w.buckets[b]
	for i := range bk {
		if bk[i] == e {
			w.remove(b, i)
			return true
		}
	}
	return false
}

// remove takes the i-th event out of bucket b, moving the last into its
// place.
func (w *wheel) remove(b, i int) {
	bk := w.buckets[b]
	last := len(bk) - 1
	bk[i] = bk[last]
	w.buckets[b] = bk[:last]
	if last == 0 {
		w.nonEmpty[b>>6] &^= 1 << (b & 63)
	}
	w.n--
	if w.minOK && b == w.cur&w.mask {
		switch w.minI {
		case i:
			w.minOK = false
		case last:
			w.minI = i
		}
	}
}

// pop removes and returns the earliest event; there must be one. It is
// remove with what remove must check known.
func (w *wheel) pop() event {
	if !w.minOK {
		w.settle()
	}
	b := w.cur & w.mask
	bk := w.buckets[b]
	last := len(bk) - 1
	e := bk[w.minI]
	bk[w.minI] = bk[last]
	w.buckets[b] = bk[:last]
	if last == 0 {
		w.nonEmpty[b>>6] &^= 1 << (b & 63)
	}
	w.n--
	w.minOK = false
	return e
}
