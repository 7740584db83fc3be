package dev.latentlab.cli;

import dev.latentlab.io.AtomicFiles;
import dev.latentlab.io.Npy;
import java.io.IOException;
import java.nio.file.Path;

/** A float32 .npy written a batch at a time (its shape known up front); it appears whole or not at all. */
final class NpyStream implements AutoCloseable {
    private final AtomicFiles.Pending file;
    private long expected = -1;
    private long written;

    NpyStream(Path path) throws IOException {
        this.file = AtomicFiles.open(path);
    }

    /** The next batch of the array of the given shape (the header goes with the first). */
    void write(long[] shape, float[] batch) throws IOException {
        if (expected < 0) {
            expected = 1;
            for (long d : shape) {
                expected *= d;
            }
            file.write(out -> Npy.writeHeader(out, shape));
        }
        file.write(out -> Npy.writeFloats(out, batch, 0, batch.length));
        written += batch.length;
    }

    @Override
    public void close() throws IOException {
        try {
            if (written == expected) {
                file.commit();
            }
        } finally {
            file.close();
        }
    }
}
