package dev.latentlab.render;

import dev.latentlab.TinyModels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.model.ModelStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderBenchTest {
    @TempDir
    Path dir;

    @Test
    void benchReportsDeliveredAndDroppedFrames() throws Exception {
        Path model = TinyModels.vivid(dir.resolve("tiny"), "tiny", 3);
        RenderBench.Result r = RenderBench.run(ModelStore.open(model), 1.0, 60);
        assertTrue(r.requested() >= 50 && r.requested() <= 61, "requested " + r.requested());
        assertTrue(r.delivered() >= 1 && r.delivered() <= r.requested(), r.toString());
        assertEquals(r.requested() - r.delivered(), r.dropped());
        assertTrue(r.toString().contains("fps"), r.toString());
    }
}
