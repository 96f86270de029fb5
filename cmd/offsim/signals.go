package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

// interrupts turns Ctrl-C (SIGINT) and SIGTERM into two stages: the first
// cancels ctx (no new replication starts, those in flight finish, the
// summaries of what is complete are written); the second sets stop (the
// replications in flight are abandoned at once, nothing more is written,
// what is saved stays). Should the process not have returned within
// hardStopAfter of the second, it exits.
type interrupts struct {
	ctx     context.Context
	cancel  context.CancelFunc
	stop    atomic.Bool
	signals chan os.Signal
	done    chan struct{}
}

// hardStopAfter bounds how long the second signal may take to stop.
const hardStopAfter = time.Second

// exitNow ends the process after a second signal that did not stop it in
// time (a variable for tests).
var exitNow = func() { os.Exit(130) }

func watchSignals(stderr io.Writer) *interrupts {
	in := &interrupts{signals: make(chan os.Signal, 2), done: make(chan struct{})}
	in.ctx, in.cancel = context.WithCancel(context.Background())
	signal.Notify(in.signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case <-in.signals:
		case <-in.done:
			return
		}
		in.cancel()
		fmt.Fprintln(stderr, "\noffsim: interrupted: finishing the replications in flight (interrupt again to stop at once)")
		select {
		case <-in.signals:
		case <-in.done:
			return
		}
		in.stop.Store(true)
		fmt.Fprintln(stderr, "offsim: stopping now; what is saved stays saved")
		select {
		case <-time.After(hardStopAfter):
			exitNow()
		case <-in.done:
		}
	}()
	return in
}

// release stops watching the signals.
func (in *interrupts) release() {
	signal.Stop(in.signals)
	close(in.done)
	in.cancel()
}
