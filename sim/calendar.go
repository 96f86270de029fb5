package sim

import "math"

// evKind is what an event does when it fires.
type evKind uint8

const (
	evArrival       evKind = iota // a first attempt arrives; the next is scheduled
	evRedial                      // an abandoner calls again (ctype set)
	evDeparture                   // agent ref at site finishes a call
	evAbandon                     // the caller with queue sequence ref at site may hang up
	evStaffing                    // site's staffing interval changes
	evRepeat                      // an unresolved customer contacts again (ref journey, ctype)
	evDay                         // midnight: the workforce's daily step
	evAbandonPooled               // the caller with sequence ref in contact type ctype's pooled queue may hang up
	evWake                        // a pooled caller becomes eligible at site (route of contact type ctype)
)

// event is a value type of 16 bytes: the calendar's queues are slices of
// them, so scheduling never allocates once the slices have grown to their
// working size.
type event struct {
	t     float64 // simulated time, seconds
	ref   int32   // agent index (departure), queue sequence (abandon) or journey (redial, repeat)
	site  int16
	kind  evKind
	ctype uint8
}

// calendar orders events by time. The one pending first-attempt arrival
// is kept apart, in a field: nearly half of all events are arrivals. The
// call events that come and go within minutes (departures, abandonments,
// wake-ups) sit in a calendar queue (wheel), the events scheduled hours or
// days ahead (repeat contacts, redials, staffing changes, days) in a
// binary heap: tens of thousands of repeat contacts waiting for their day
// then do not crowd the structure every call event goes through.
type calendar struct {
	arrival float64 // time of the pending evArrival; +Inf: none
	near    wheel
	far     heap
}

func (c *calendar) reset() {
	c.near.reset()
	c.far, c.arrival = c.far[:0], math.Inf(1)
}

// arrive schedules the next first-attempt arrival at time t (+Inf: none);
// there is one pending at a time. The engine's loop takes it from the
// field arrival when it is the earliest event (ties go to it).
func (c *calendar) arrive(t float64) { c.arrival = t }

// soon schedules a call event: a departure, abandonment or wake-up,
// minutes ahead at most.
func (c *calendar) soon(e event) { c.near.push(e) }

// cancel takes call event e, scheduled with soon and not yet taken, off
// the calendar if it can find it at no more cost than letting it fire;
// otherwise e stays, and must do nothing when it fires.
func (c *calendar) cancel(e event) { c.near.cancel(e) }

// later schedules an event hours or days ahead: a redial, repeat contact,
// staffing change or day.
func (c *calendar) later(e event) { c.far.push(e) }

// popScheduled removes and returns the earliest event other than the
// arrival: the earlier of the near and far events' first; one must be
// held. Ties go to the near events.
func (c *calendar) popScheduled() event {
	if c.far.first() < c.near.first() {
		return c.far.pop()
	}
	return c.near.pop()
}

// heap is a binary min-heap of events ordered by time.
type heap []event

// first returns the time of the earliest event, +Inf if there is none.
func (h heap) first() float64 {
	if len(h) == 0 {
		return math.Inf(1)
	}
	return h[0].t
}

func (h *heap) push(e event) {
	a := append(*h, e)
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) >> 1
		if a[p].t <= e.t {
			break
		}
		a[i] = a[p]
		i = p
	}
	a[i] = e
	*h = a
}

func (h *heap) pop() event {
	a := *h
	top := a[0]
	n := len(a) - 1
	last := a[n]
	// The vacated slot n holds a sentinel later than any event, so every
	// parent below n has two children to compare and the choice between
	// them needs no bound test.
	a[n].t = math.Inf(1)
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		// Times are not negative, so their bits order as they do; the
		// sign of the difference picks the earlier child without a branch.
		c := l + int((math.Float64bits(a[l+1].t)-math.Float64bits(a[l].t))>>63)
		if last.t <= a[c].t {
			break
		}
		a[i] = a[c]
		i = c
	}
	a[i] = last
	*h = a[:n]
	return top
}
