package sim

// evKind is what an event does when it fires.
type evKind uint8

const (
	evArrival   evKind = iota // a first attempt arrives; the next is scheduled
	evRedial                  // an abandoner calls again (ctype set)
	evDeparture               // agent ref at site finishes a call
	evAbandon                 // the caller with queue sequence ref at site may hang up
	evStaffing                // site's staffing interval changes
	evRepeat                  // an unresolved customer contacts again (ref journey, ctype)
	evDay                     // midnight: the workforce's daily step
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

// calendar is a binary min-heap of events ordered by time.
type calendar struct {
	h []event
}

func (c *calendar) len() int { return len(c.h) }

func (c *calendar) reset() { c.h = c.h[:0] }

func (c *calendar) push(e event) {
	h := append(c.h, e)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) >> 1
		if h[p].t <= e.t {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = e
	c.h = h
}

// pop removes and returns the earliest event; the calendar must not be empty.
func (c *calendar) pop() event {
	h := c.h
	top := h[0]
	n := len(h) - 1
	last := h[n]
	h = h[:n]
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		if r := l + 1; r < n && h[r].t < h[l].t {
			l = r
		}
		if last.t <= h[l].t {
			break
		}
		h[i] = h[l]
		i = l
	}
	if n > 0 {
		h[i] = last
	}
	c.h = h
	return top
}
