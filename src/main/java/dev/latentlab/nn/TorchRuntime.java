package dev.latentlab.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Starts DJL's PyTorch engine offline, once per process, and offers the per-thread switches
 * libtorch needs (grad mode is per thread and on by default in every new thread).
 */
public final class TorchRuntime {
    private static volatile Engine engine;

    /**
     * DJL allows one gradient collector in the whole process at a time: whoever opens one (a
     * training step, an encoding step) holds this lock for as long as it is open.
     */
    public static final java.util.concurrent.locks.ReentrantLock COLLECTOR_LOCK =
            new java.util.concurrent.locks.ReentrantLock();

    private TorchRuntime() {}

    public static Engine engine() {
        Engine e = engine;
        if (e == null) {
            synchronized (TorchRuntime.class) {
                if (engine == null) {
                    if (System.getProperty("ai.djl.offline") == null) {
                        System.setProperty("ai.djl.offline", "true");
                    }
                    // the CPU-only natives cannot count GPUs; the warning says nothing useful
                    System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
                    System.setProperty("org.slf4j.simpleLogger.log.ai.djl.pytorch.jni.LibUtils", "warn");
                    NativeMemory.tune();
                    try {
                        engine = Engine.getEngine("PyTorch");
                        NativeLog.apply();
                    } catch (RuntimeException | UnsatisfiedLinkError err) {
                        throw new IllegalStateException("could not start the PyTorch engine offline: "
                                + err.getMessage() + " (is pytorch-native-cpu on the classpath?)", err);
                    }
                }
                e = engine;
            }
        }
        return e;
    }

    /** The GPU when the natives have one, else the CPU. */
    public static Device device() {
        return engine().defaultDevice();
    }

    /** The device for people: "CPU", or "GPU 0" when DJL's CUDA natives found one (the -Pcuda build). */
    public static String deviceName() {
        Device d = device();
        return d.isGpu() ? "GPU " + d.getDeviceId() : "CPU";
    }

    /** Turns autograd off on the calling thread and returns the previous state. */
    public static boolean disableGrad() {
        engine();
        boolean was = JniUtils.isGradMode();
        if (was) {
            JniUtils.setGradMode(false);
        }
        return was;
    }

    public static void restoreGrad(boolean was) {
        if (was) {
            JniUtils.setGradMode(true);
        }
    }

    /** Runs {@code work} holding {@link #COLLECTOR_LOCK}. */
    public static <T> T withCollectorLock(java.util.function.Supplier<T> work) {
        COLLECTOR_LOCK.lock();
        try {
            return work.get();
        } finally {
            COLLECTOR_LOCK.unlock();
        }
    }

    public static int threads() {
        engine();
        return JniUtils.getNumThreads();
    }
}
