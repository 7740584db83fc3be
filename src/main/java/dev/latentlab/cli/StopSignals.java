package dev.latentlab.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM while a command works: the first asks the work to stop and save,
 * and the JVM keeps running until it has (a shutdown hook would save while the JVM is already
 * shutting down, when libraries that register hooks of their own fail); the second aborts at once.
 * Closing puts the previous handlers back.
 */
final class StopSignals implements AutoCloseable {
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private final AtomicInteger received = new AtomicInteger();
    private volatile int firstSignal;

    /** Calls {@code stop} (on a signal thread) at the first signal, after printing {@code notice}. */
    StopSignals(String notice, Runnable stop) {
        for (String name : new String[] {"INT", "TERM"}) {
            Signal s = new Signal(name);
            try {
                previous.put(s, Signal.handle(s, sig -> {
                    if (received.getAndIncrement() == 0) {
                        firstSignal = sig.getNumber();
                        System.err.println();
                        System.err.println(notice);
                        stop.run();
                    } else {
                        System.err.println();
                        System.err.println("aborted without saving");
                        System.err.flush();
                        Runtime.getRuntime().halt(128 + sig.getNumber());
                    }
                }));
            } catch (IllegalArgumentException notAvailable) {
                // this platform does not deliver the signal (or the JVM reserves it): nothing to catch
            }
        }
    }

    /** Whether a signal asked to stop. */
    boolean received() {
        return received.get() > 0;
    }

    /** The exit code a shell expects from a command stopped by the signal: 128 + its number (130 for Ctrl-C). */
    int exitCode() {
        return 128 + firstSignal;
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
