package sim

// Waiter states.
const (
	waiting uint8 = iota
	served
	gone // abandoned
)

// waiter is one caller in a FCFS queue (a site's, or a pooled route's).
type waiter struct {
	arrival  float64 // seconds
	deadline float64 // arrival + patience: when its abandonment is due (+Inf: never)
	seq      uint32  // queue sequence number, for abandon events
	journey  int32   // the customer issue this call belongs to
	ctype    uint8
	state    uint8
	kind     uint8 // callFirst, callRedial, …
	counted  bool  // arrived in the measured window
}

// waitQueue is a FCFS ring buffer of callers addressed by sequence number:
// the caller with sequence s sits at buf[s & mask] while it is in the ring.
// Abandoners stay in place, marked gone, and are skipped at the head, so an
// abandonment costs O(1) and no element is ever moved.
type waitQueue struct {
	buf        []waiter
	mask       uint32
	head, tail uint32 // sequences: [head, tail) are in the ring
	waiting    int    // callers in the ring still waiting
}

func newWaitQueue(capacity int) waitQueue {
	n := 64
	for n < capacity {
		n <<= 1
	}
	return waitQueue{buf: make([]waiter, n), mask: uint32(n - 1)}
}

func (q *waitQueue) reset() {
	q.head, q.tail, q.waiting = 0, 0, 0
}

// push appends a caller and returns its sequence number.
func (q *waitQueue) push(w waiter) uint32 {
	if q.tail-q.head == uint32(len(q.buf)) {
		q.grow()
	}
	w.seq = q.tail
	q.buf[q.tail&q.mask] = w
	q.tail++
	q.waiting++
	return w.seq
}

// grow doubles the ring; sequences keep their meaning under the new mask.
func (q *waitQueue) grow() {
	nb := make([]waiter, 2*len(q.buf))
	nm := uint32(len(nb) - 1)
	for s := q.head; s != q.tail; s++ {
		nb[s&nm] = q.buf[s&q.mask]
	}
	q.buf, q.mask = nb, nm
}

// at returns the caller with sequence seq if it is still waiting, else nil.
func (q *waitQueue) at(seq uint32) *waiter {
	if seq-q.head >= q.tail-q.head {
		return nil
	}
	w := &q.buf[seq&q.mask]
	if w.state != waiting {
		return nil
	}
	return w
}

// peek returns the first caller still waiting; the queue must have one
// (q.waiting > 0). Callers who abandoned ahead of it are dropped.
func (q *waitQueue) peek() *waiter {
	for {
		w := &q.buf[q.head&q.mask]
		if w.state == waiting {
			return w
		}
		q.head++
	}
}

// popWaiting removes and returns the first caller still waiting; the queue
// must have one (q.waiting > 0).
func (q *waitQueue) popWaiting() waiter {
	for {
		w := q.buf[q.head&q.mask]
		q.head++
		if w.state == waiting {
			q.waiting--
			return w
		}
	}
}

// abandon marks the caller gone; it is dropped when it reaches the head.
func (q *waitQueue) abandon(w *waiter) {
	w.state = gone
	q.waiting--
	for q.head != q.tail && q.buf[q.head&q.mask].state != waiting {
		q.head++
	}
}
