package dev.latentlab.ui.train;

import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.latentlab.train.IterationRecord;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The run's events reach the window however they are timed: a record that comes within the drain
 * interval of the last one (a single step right after a pause) is shown, not left waiting for a next
 * record that never comes.
 */
@ExtendWith(ApplicationExtension.class)
class RunEventsTest {
    @Start
    void start(Stage stage) {
        stage.show();
    }

    @Test
    void theLastRecordOfABurstIsDrainedWithoutAnotherEvent() {
        List<Long> shown = new CopyOnWriteArrayList<>();
        RunEvents[] ev = new RunEvents[1];
        ev[0] = new RunEvents(e -> {
            e.draining();
            for (IterationRecord r; (r = e.nextRecord()) != null; ) {
                shown.add(r.iteration());
            }
        }, s -> { });
        ev[0].onIteration(gan(1));
        waitUntil("the first record is shown", 5, () -> shown.size() == 1);
        ev[0].onIteration(gan(2)); // right after that drain: inside its 40 ms interval, and nothing follows
        waitUntil("the second record is shown too", 5, () -> shown.size() == 2);
        assertEquals(List.of(1L, 2L), shown);
    }

    @Test
    void aGStepsDotsThatComeAfterTheDrainStillReachTheWindow() {
        List<Long> dots = new CopyOnWriteArrayList<>();
        RunEvents ev = new RunEvents(e -> {
            e.draining();
            while (e.nextRecord() != null) {
                // records are not what this test follows
            }
            RunEvents.FakeOutputs fo = e.takeFakeOutputs();
            if (fo != null) {
                dots.add(fo.iteration());
            }
        }, s -> { });
        ev.onIteration(gan(7));
        waitUntil("the record's drain", 5, () -> true);
        ev.onFakeOutputs(7, new float[] {0.3f, 0.4f}); // after it, and no record follows
        waitUntil("the dots are shown", 5, () -> dots.contains(7L));
    }

    private static IterationRecord gan(long it) {
        return new IterationRecord(it, 0, 0.7, 0.7, 0.7, 0.5, 0.5, 0.5, 100, it);
    }
}
