package dev.latentlab.render;

import dev.latentlab.TinyModels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.latent.Prior;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import dev.latentlab.render.RenderService.Frames;
import dev.latentlab.render.RenderService.Lane;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderServiceTest {
    @TempDir
    static Path dir;
    static Path model;
    RenderService service;

    @BeforeAll
    static void makeModel() {
        model = TinyModels.vivid(dir.resolve("tiny"), "tiny", 1);
    }

    @BeforeEach
    void start() throws Exception {
        service = new RenderService(Runnable::run);
        service.swapModel(ModelStore.open(model)).get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void theNewestRequestWinsAndRequestsNeverQueue() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        service.submit(m -> {
            busy.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        assertTrue(busy.await(10, TimeUnit.SECONDS));
        List<Integer> delivered = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(1);
        Random rng = new Random(1);
        for (int i = 0; i < 100; i++) {
            int id = i;
            service.request(Lane.MAIN, Prior.sample(TinyModels.NZ, rng), 1, f -> {
                delivered.add(id);
                done.countDown();
            });
        }
        release.countDown();
        assertTrue(done.await(10, TimeUnit.SECONDS));
        service.submit(m -> null).get(10, TimeUnit.SECONDS); // everything before it has finished
        assertEquals(List.of(99), delivered);
        assertFalse(Double.isNaN(service.lastMillis()));
    }

    @Test
    void largeRequestsArriveInChunksCoveringEveryImage() throws Exception {
        List<Frames> chunks = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch last = new CountDownLatch(1);
        float[] z = new float[20 * TinyModels.NZ];
        service.request(Lane.STRIP, new RenderService.Request(z, 20, null, f -> {
            chunks.add(f);
            if (f.last()) {
                last.countDown();
            }
        }));
        assertTrue(last.await(20, TimeUnit.SECONDS));
        int total = chunks.stream().mapToInt(f -> f.pixels().length).sum();
        assertEquals(20, total);
        assertEquals(0, chunks.get(0).offset());
        assertEquals(32 * 32, chunks.get(0).pixels()[0].length);
    }

    @Test
    void afterASwapRequestsForTheOldLatentSizeAreIgnored() throws Exception {
        GanModel other = ModelStore.open(model);
        long gen = service.swapModel(other).get(10, TimeUnit.SECONDS);
        assertEquals(2, gen);
        List<Frames> got = Collections.synchronizedList(new ArrayList<>());
        service.request(Lane.MAIN, new float[TinyModels.NZ + 1], 1, got::add); // wrong nz: dropped
        CountDownLatch ok = new CountDownLatch(1);
        service.request(Lane.PREVIEW, new float[TinyModels.NZ], 1, f -> {
            got.add(f);
            ok.countDown();
        });
        assertTrue(ok.await(10, TimeUnit.SECONDS));
        assertEquals(1, got.size());
        assertEquals(2, got.get(0).modelGeneration());
    }
}
