package dev.latentlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --precision auto: bfloat16 only where it was measured both right and faster, measured once per machine. */
class PrecisionProbeTest {
    @TempDir
    Path tmp;

    @Test
    void bfloat16IsChosenOnlyWhenTheImagesAgreeAndItIsFaster() {
        PrecisionProbe.Choice fast = PrecisionProbe.decide(new PrecisionProbe.Measurement(true, true, 0.03, 60, 40));
        assertEquals(Precision.BFLOAT16, fast.precision());
        assertTrue(fast.reason().contains("1.50×"), fast.reason());
        // an engine that gets some shapes wrong (AMD EPYC family 26), whose bfloat16 images agree: chosen, and said
        PrecisionProbe.Choice avoided = PrecisionProbe.decide(new PrecisionProbe.Measurement(false, true, 0.03, 60, 40));
        assertEquals(Precision.BFLOAT16, avoided.precision());
        assertTrue(avoided.reason().contains("engine check") && avoided.reason().contains("0.030"), avoided.reason());
        // the same engine where the images differ (as before the bfloat16 programs avoided its shapes: 1.33)
        PrecisionProbe.Choice faulty = PrecisionProbe.decide(new PrecisionProbe.Measurement(false, true, 1.33, 60, 40));
        assertEquals(Precision.FLOAT32, faulty.precision());
        assertTrue(faulty.reason().contains("differed") && faulty.reason().contains("wrongly"), faulty.reason());
        // faster but the pictures differ: not the same model any more
        assertEquals(Precision.FLOAT32,
                PrecisionProbe.decide(new PrecisionProbe.Measurement(true, true, 0.5, 60, 40)).precision());
        assertEquals(Precision.FLOAT32,
                PrecisionProbe.decide(new PrecisionProbe.Measurement(true, true, Double.NaN, 60, 40)).precision());
        // right but barely faster (AVX-512 BF16 without AMX can be): float32, and it says so
        PrecisionProbe.Choice slow = PrecisionProbe.decide(new PrecisionProbe.Measurement(true, true, 0.03, 60, 57));
        assertEquals(Precision.FLOAT32, slow.precision());
        assertTrue(slow.reason().contains("no faster"), slow.reason());
        assertEquals(Precision.FLOAT32,
                PrecisionProbe.decide(new PrecisionProbe.Measurement(true, false, 0.03, 60, 40)).precision());
        assertEquals(0, PrecisionProbe.relativeDifference(new float[] {1, -2}, new float[] {1, -2}));
        assertEquals(0.25, PrecisionProbe.relativeDifference(new float[] {1, -2}, new float[] {1, -1.5f}), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, PrecisionProbe.relativeDifference(new float[] {1}, new float[] {Float.NaN}));
        assertTrue(PrecisionProbe.bf16Instructions(Set.of("avx512_bf16")));
        assertTrue(PrecisionProbe.bf16Instructions(Set.of("amx_bf16")));
        assertTrue(!PrecisionProbe.bf16Instructions(Set.of("avx512f", "avx2")));
    }

    @Test
    void theProbeRunsOncePerMachineAndItsResultIsKept() throws Exception {
        Path cache = tmp.resolve("home").resolve("precision.json");
        AtomicInteger probes = new AtomicInteger();
        Supplier<PrecisionProbe.Measurement> fast = () -> {
            probes.incrementAndGet();
            return new PrecisionProbe.Measurement(true, true, 0.02, 50, 25);
        };
        PrecisionProbe.Choice first = PrecisionProbe.choice(cache, "cpu A", fast);
        assertEquals(Precision.BFLOAT16, first.precision());
        assertEquals(1, probes.get());
        assertTrue(Files.isRegularFile(cache), "the result is written beside the settings");
        PrecisionProbe.Choice again = PrecisionProbe.choice(cache, "cpu A", fast);
        assertEquals(first, again, "the second start reads the measurement");
        assertEquals(1, probes.get(), "and does not probe again");
        // another CPU (or engine) behind the same home folder: measured again and rewritten
        PrecisionProbe.Choice other = PrecisionProbe.choice(cache, "cpu B",
                () -> new PrecisionProbe.Measurement(false, true, Double.NaN, Double.NaN, Double.NaN));
        assertEquals(Precision.FLOAT32, other.precision());
        assertEquals(other, PrecisionProbe.choice(cache, "cpu B", fast));
        assertEquals(1, probes.get());
        // a damaged file costs one probe, not an error
        Files.writeString(cache, "{ not json");
        assertEquals(Precision.BFLOAT16, PrecisionProbe.choice(cache, "cpu A", fast).precision());
        assertEquals(2, probes.get());
    }

    @Test
    void thisMachinesBfloat16ImagesAgreeWithTheOwnFloat32PassEvenWhereTheEngineFailsItsCheck() {
        PrecisionProbe.Measurement here = PrecisionProbe.measure();
        PrecisionProbe.Choice c = PrecisionProbe.decide(here);
        if (PrecisionProbe.bf16Instructions(Precision.cpuFlags())) {
            // on AMD EPYC family 26 this was 1.33 (the RGB stage's 12 rows) before the programs padded to 16
            assertTrue(here.maxDiff() <= PrecisionProbe.MAX_DIFF, "bfloat16 against float32: " + here);
            assertEquals(EngineCheck.convolutionsSound(), here.engineSound());
        }
        if (c.precision() == Precision.BFLOAT16) {
            assertTrue(here.maxDiff() <= PrecisionProbe.MAX_DIFF
                    && here.fp32Ms() >= PrecisionProbe.MIN_SPEEDUP * here.bf16Ms(), here.toString());
        }
    }
}
