package dev.latentlab.render;

import dev.latentlab.latent.Interpolation;
import dev.latentlab.latent.Prior;
import dev.latentlab.model.GanModel;
import dev.latentlab.render.RenderService.Lane;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How fast the live path is: for {@code seconds}, a new z along a slerp walk is requested at
 * {@code hz} (as a dragged slider or a live animation does), through the same render service the
 * app uses. Reports frames delivered per second and requests dropped (superseded before they were
 * drawn: newest wins), plus milliseconds per frame. Meant for {@code latentlab bench ui}.
 */
public final class RenderBench {
    /** The figures of one run. */
    public record Result(double seconds, long requested, long delivered, double millisPerFrame, long usedMemoryMb) {
        public double fps() {
            return delivered / seconds;
        }

        public long dropped() {
            return requested - delivered;
        }

        @Override
        public String toString() {
            return String.format("%.1f fps delivered of %.0f requested per second over %.0f s; %d of %d requests "
                    + "dropped (newest wins); %.2f ms per frame; %d MB heap in use", fps(), requested / seconds,
                    seconds, dropped(), requested, millisPerFrame, usedMemoryMb);
        }
    }

    private RenderBench() {}

    /** Takes ownership of the model (it is closed at the end). */
    public static Result run(GanModel model, double seconds, int hz) throws Exception {
        try (RenderService service = new RenderService(Runnable::run)) {
            service.swapModel(model).get(30, TimeUnit.SECONDS);
            int nz = model.nz();
            Random rng = new Random(1);
            List<float[]> keys = List.of(Prior.sample(nz, rng), Prior.sample(nz, rng), Prior.sample(nz, rng));
            List<float[]> walk = Interpolation.path(keys, 120, Interpolation.Mode.SPHERICAL);
            AtomicLong delivered = new AtomicLong();
            long period = 1_000_000_000L / hz;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long requested = 0;
            for (long next = start; next < end; next += period) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                service.request(Lane.MAIN, walk.get((int) (requested % walk.size())), 1,
                        f -> delivered.incrementAndGet());
                requested++;
            }
            service.submit(m -> null).get(30, TimeUnit.SECONDS); // drain the last request
            double elapsed = (System.nanoTime() - start) / 1e9;
            Runtime rt = Runtime.getRuntime();
            long used = (rt.totalMemory() - rt.freeMemory()) >> 20;
            return new Result(elapsed, requested, delivered.get(), service.lastMillis(), used);
        }
    }
}
