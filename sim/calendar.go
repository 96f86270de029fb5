package sim

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

// event is a value type of 16 bytes: the calendar is a slice of them, so
// scheduling never allocates once the slice has grown to its working size.
type event struct {
	t     float64 // simulated time, seconds
	ref   int32   // agent index (departure), queue sequence (abandon) or journey (redial, repeat)
	site  int16
	kind  evKind
	ctype uint8
}

// calendar orders events by time. It keeps two binary min-heaps: one for
// the call events that come and go within minutes (arrivals, departures,
// abandonments) and one for the events scheduled hours or days ahead
// (repeat contacts, redials, staffing changes, days). Tens of thousands of
// repeat contacts waiting for their day then do not deepen the heap that
// every call event goes through.
type calendar struct {
	near, far heap
}

func (c *calendar) len() int { return len(c.near) + len(c.far) }

func (c *calendar) reset() { c.near, c.far = c.near[:0], c.far[:0] }

// soon schedules a call event: an arrival, departure, abandonment or
// wake-up, minutes ahead at most.
func (c *calendar) soon(e event) { c.near.push(e) }

// later schedules an event hours or days ahead: a redial, repeat contact,
// staffing change or day.
func (c *calendar) later(e event) { c.far.push(e) }

// pop removes and returns the earliest event; the calendar must not be
// empty. Ties go to the near heap.
func (c *calendar) pop() event {
	if len(c.far) > 0 && (len(c.near) == 0 || c.far[0].t < c.near[0].t) {
		return c.far.pop()
	}
	return c.near.pop()
}

// heap is a binary min-heap of events ordered by time.
type heap []event

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
	a = a[:n]
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		if r := l + 1; r < n && a[r].t < a[l].t {
			l = r
		}
		if last.t <= a[l].t {
			break
		}
		a[i] = a[l]
		i = l
	}
	if n > 0 {
		a[i] = last
	}
	*h = a
	return top
}
