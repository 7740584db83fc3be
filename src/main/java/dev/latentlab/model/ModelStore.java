package dev.latentlab.model;

import ai.djl.ndarray.NDManager;
import dev.latentlab.io.AtomicFiles;
import dev.latentlab.io.IoErrors;
import dev.latentlab.io.Npy;
import dev.latentlab.nn.DiscriminatorNet;
import dev.latentlab.nn.EncoderNet;
import dev.latentlab.nn.GeneratorNet;
import dev.latentlab.nn.ModelShapeException;
import dev.latentlab.nn.NetSpec;
import dev.latentlab.nn.Networks;
import dev.latentlab.nn.TorchRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Models on disk. A model is a folder: model.json, generator.npz and (optionally)
 * discriminator.npz, whose arrays carry PyTorch state_dict names. A PyTorch state_dict (.pth)
 * a safetensors file (.safetensors) of the same state_dict, or a TorchScript generator (.pt) opens too. Saving
 * writes each file to a temporary name and renames it into place, parameters first and model.json last;
 * model.json records each weight file's length and CRC-32, so a folder whose save was cut short (new weights
 * beside an old model.json) is refused as incomplete instead of read as a model. {@link #saveFolder} replaces
 * a whole folder at once.
 */
public final class ModelStore {
    public static final String INFO = "model.json";
    public static final String GENERATOR = "generator.npz";
    public static final String DISCRIMINATOR = "discriminator.npz";
    /** A VAE's encoder q(z|x) (the discriminator's body with a 2·nz head: μ then log σ²). */
    public static final String ENCODER = "encoder.npz";

    private ModelStore() {}

    public static GanModel open(Path path) {
        return open(path, TorchRuntime.engine().newBaseManager());
    }

    /** Opens a model folder, .pth, .safetensors or .pt; the manager becomes the model's (closed on failure). */
    public static GanModel open(Path path, NDManager manager) {
        try {
            if (Files.isDirectory(path)) {
                return openFolder(path, manager);
            }
            if (!Files.exists(path)) {
                throw new ModelException(path + " does not exist");
            }
            String name = path.getFileName().toString().toLowerCase();
            if (name.endsWith(".pt")) {
                return openTorchScript(path, manager);
            }
            if (name.endsWith(".pth") || name.endsWith(".pkl") || name.endsWith(".bin")) {
                return importStateDict(path, PthReader.read(path), manager, GanModel.Source.PTH);
            }
            if (name.endsWith(SafetensorsFile.EXTENSION)) {
                SafetensorsFile.Contents c = SafetensorsFile.read(path);
                GanModel m = importStateDict(path, c.tensors(), manager, GanModel.Source.SAFETENSORS);
                if (!c.metadata().isEmpty()) {
                    m.info().notes = "safetensors __metadata__: " + c.metadata();
                }
                return m;
            }
            if (name.equals(INFO)) {
                return openFolder(path.getParent(), manager);
            }
            throw new ModelException(path + ": not a model (expected a model folder, a PyTorch .pth state_dict, "
                    + "a .safetensors state_dict or a TorchScript .pt generator)");
        } catch (RuntimeException e) {
            manager.close();
            throw e instanceof ModelException ? e : new ModelException(path + ": " + e.getMessage(), e);
        }
    }

    static GanModel openFolder(Path dir, NDManager manager) {
        Path json = dir.resolve(INFO);
        if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
            throw new ModelException(dir + " cannot be read: permission denied");
        }
        if (!Files.isRegularFile(json)) {
            throw new ModelException(dir + " is not a model folder: it has no " + INFO);
        }
        ModelInfo info;
        try {
            info = ModelInfo.parse(Files.readString(json, StandardCharsets.UTF_8), json.toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ModelException(json + " is damaged or not a model description: it is not text", e);
        } catch (IOException e) {
            throw new ModelException(json + " cannot be read: " + IoErrors.plain(e), e);
        }
        if (info.name == null) {
            info.name = dir.getFileName().toString();
        }
        NetSpec spec = info.spec();
        GeneratorNet g = Networks.generator(spec, manager);
        loadInto(g.params(), dir.resolve(GENERATOR));
        DiscriminatorNet d = null;
        EncoderNet e = null;
        if (info.isVae()) {
            if (!Files.isRegularFile(dir.resolve(ENCODER))) {
                throw new ModelException(dir.resolve(ENCODER) + " is missing: " + json
                        + " says this is a VAE, and a VAE needs its encoder");
            }
            e = Networks.encoder(spec, manager, 2 * spec.nz());
            loadInto(e.params(), dir.resolve(ENCODER));
        } else if (Files.exists(dir.resolve(DISCRIMINATOR))) {
            Map<String, Npy.Array> arrays = readNpz(dir.resolve(DISCRIMINATOR));
            d = Networks.discriminator(spec, manager, Networks.isSpectral(arrays.keySet()));
            loadInto(d.params(), arrays, dir.resolve(DISCRIMINATOR));
        }
        // after loading: a file that cannot be read at all gets its own message (missing, empty, damaged)
        checkFiles(dir, info);
        return new GanModel(manager, info, g, d, e, dir, GanModel.Source.FOLDER);
    }

    private static void loadInto(dev.latentlab.nn.ParamSet params, Path file) {
        loadInto(params, readNpz(file), file);
    }

    private static Map<String, Npy.Array> readNpz(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelException(file + " is missing");
        }
        if (!Files.isReadable(file)) {
            throw new ModelException(file + " cannot be read: permission denied");
        }
        Map<String, Npy.Array> arrays;
        try {
            if (Files.size(file) == 0) {
                throw new ModelException(file + " is empty (0 bytes)");
            }
            arrays = Npy.readNpz(file);
        } catch (java.nio.file.FileSystemException e) {
            throw new ModelException(file + " cannot be read: " + IoErrors.plain(e), e);
        } catch (IOException e) {
            throw new ModelException(file + " is damaged (corrupt or truncated): " + e.getMessage(), e);
        }
        for (Map.Entry<String, Npy.Array> a : arrays.entrySet()) {
            String bad = dev.latentlab.latent.LatentFile.firstNonFinite(a.getValue().data(), 1);
            if (bad != null) {
                // such weights draw blank images without any error: a diverged run saved them
                throw new ModelException(file + " holds weights that are not finite numbers (" + a.getKey()
                        + " has " + bad.substring(0, bad.indexOf(" at ")) + "): the training that saved it had "
                        + "diverged, and it would draw blank images");
            }
        }
        return arrays;
    }

    private static void loadInto(dev.latentlab.nn.ParamSet params, Map<String, Npy.Array> arrays, Path file) {
        try {
            params.load(arrays, file.toString());
        } catch (ModelShapeException e) {
            throw new ModelException(e.getMessage(), e);
        }
    }

    /** Saves a model folder (creating it if needed); the previous files stay intact until each rename. */
    public static void save(GanModel model, Path dir) throws IOException {
        if (model.encoder() != null) {
            saveVae(model.info(), model.generator(), model.encoder(), dir);
        } else {
            save(model.info(), model.generator(), model.discriminator(), dir);
        }
    }

    /** Saves a VAE's folder: generator.npz (the decoder), encoder.npz and model.json (kind vae), in that order. */
    public static void saveVae(ModelInfo info, GeneratorNet decoder, EncoderNet encoder, Path dir) throws IOException {
        if (!info.isVae() || info.vae == null) {
            throw new IllegalArgumentException("a VAE's model.json needs kind 'vae' and its 'vae' section");
        }
        Files.createDirectories(dir);
        info.architecture.generatorParameters = decoder.params().parameterCount();
        info.architecture.discriminatorParameters = null;
        info.vae.encoderParameters = encoder.params().parameterCount();
        Npy.writeNpz(dir.resolve(GENERATOR), decoder.params().toArrays());
        Npy.writeNpz(dir.resolve(ENCODER), encoder.params().toArrays());
        writeInfo(info, dir, GENERATOR, ENCODER);
    }

    public static void save(ModelInfo info, GeneratorNet g, DiscriminatorNet d, Path dir) throws IOException {
        Files.createDirectories(dir);
        info.architecture.generatorParameters = g.params().parameterCount();
        Npy.writeNpz(dir.resolve(GENERATOR), g.params().toArrays());
        if (d != null) {
            info.architecture.discriminatorParameters = d.params().parameterCount();
            Npy.writeNpz(dir.resolve(DISCRIMINATOR), d.params().toArrays());
            writeInfo(info, dir, GENERATOR, DISCRIMINATOR);
        } else {
            // a discriminator from an earlier save would otherwise be read as this model's
            Files.deleteIfExists(dir.resolve(DISCRIMINATOR));
            writeInfo(info, dir, GENERATOR);
        }
    }

    /** model.json, last, with the sums of the weight files just written. */
    private static void writeInfo(ModelInfo info, Path dir, String... weightFiles) throws IOException {
        info.files = new java.util.LinkedHashMap<>();
        for (String f : weightFiles) {
            info.files.put(f, sum(dir.resolve(f)));
        }
        AtomicFiles.writeString(dir.resolve(INFO), info.toJson());
    }

    private static ModelInfo.FileSum sum(Path file) throws IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        long n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; n += r) {
                crc.update(buf, 0, r);
            }
        }
        ModelInfo.FileSum s = new ModelInfo.FileSum();
        s.bytes = n;
        s.crc32 = Long.toHexString(crc.getValue());
        return s;
    }

    /** Refuses a folder whose weight files are not the ones its model.json was saved with. */
    private static void checkFiles(Path dir, ModelInfo info) {
        if (info.files == null) {
            return;
        }
        for (Map.Entry<String, ModelInfo.FileSum> e : info.files.entrySet()) {
            Path f = dir.resolve(e.getKey());
            if (!Files.isRegularFile(f)) {
                throw new ModelException(f + " is missing (" + INFO + " was saved with it)");
            }
            ModelInfo.FileSum now;
            try {
                now = sum(f);
            } catch (IOException x) {
                throw new ModelException(f + " cannot be read: " + IoErrors.plain(x), x);
            }
            if (now.bytes != e.getValue().bytes || !now.crc32.equals(e.getValue().crc32)) {
                throw new ModelException(dir + " holds an incomplete model: " + e.getKey() + " is not the file "
                        + INFO + " was saved with (a save was interrupted, or the file was damaged or replaced)");
            }
        }
    }

    /**
     * Writes a whole folder at once: into a hidden sibling first, then renamed into place, the old
     * folder (if any) moved aside and removed only after. A save cut short leaves the previous
     * folder as it was, plus a hidden ".NAME.*.tmp" sibling.
     */
    public static void saveFolder(Path dir, FolderContents contents) throws IOException {
        Path abs = dir.toAbsolutePath();
        Path parent = abs.getParent();
        Files.createDirectories(parent);
        String tag = "." + abs.getFileName() + "." + ProcessHandle.current().pid();
        Path staged = parent.resolve(tag + ".tmp");
        Path old = parent.resolve(tag + ".old.tmp");
        // what an earlier save of this folder, killed before its rename, left beside it
        try (java.nio.file.DirectoryStream<Path> left = Files.newDirectoryStream(parent,
                "." + abs.getFileName() + ".*.tmp")) {
            for (Path p : left) {
                if (p.getFileName().toString().endsWith(".old.tmp") && !Files.exists(abs)) {
                    Files.move(p, abs, java.nio.file.StandardCopyOption.ATOMIC_MOVE); // killed between the renames
                } else {
                    deleteTree(p);
                }
            }
        }
        try {
            contents.writeTo(staged);
            deleteTree(old);
            if (Files.exists(abs)) {
                Files.move(abs, old, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staged, abs, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        } finally {
            deleteTree(staged);
        }
    }

    /** What {@link #saveFolder} writes into the (temporary) folder it is given. */
    @FunctionalInterface
    public interface FolderContents {
        void writeTo(Path dir) throws IOException;
    }

    /** Removes a file or a folder with everything in it. */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(q);
            }
        }
    }

    // ---- PyTorch ----

    private static final Pattern KEY = Pattern.compile("main\\.(\\d+)\\.(weight|bias|running_mean|running_var)");

    /**
     * Imports a generator's state_dict as saved with torch.save(netG.state_dict(), …) by
     * pytorch/examples dcgan or the PyTorch DCGAN tutorial (or the vanilla MLP GAN), or the same
     * state_dict as safetensors, inferring nz, widths, channels and image size from the tensor shapes.
     */
    static GanModel importStateDict(Path file, Map<String, Npy.Array> raw, NDManager manager, GanModel.Source source) {
        Map<String, Npy.Array> tensors = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Npy.Array> e : raw.entrySet()) {
            String k = e.getKey().startsWith("module.") ? e.getKey().substring(7) : e.getKey();
            if (!k.endsWith("num_batches_tracked")) {
                tensors.put(k, e.getValue());
            }
        }
        NetSpec spec = inferGeneratorSpec(tensors, file);
        GeneratorNet g = Networks.generator(spec, manager);
        try {
            g.params().load(tensors, file.toString());
        } catch (ModelShapeException e) {
            throw new ModelException(file + " is not a generator LatentLab can read: " + e.getMessage(), e);
        }
        String name = file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        ModelInfo info = ModelInfo.of(name, spec);
        info.dataset.name = "unknown (imported from PyTorch)";
        info.provenance.trainedWith = "PyTorch (imported from " + file.getFileName() + ")";
        return new GanModel(manager, info, g, null, file, source);
    }

    static NetSpec inferGeneratorSpec(Map<String, Npy.Array> tensors, Path file) {
        TreeMap<Integer, Npy.Array> weights = new TreeMap<>();
        for (Map.Entry<String, Npy.Array> e : tensors.entrySet()) {
            Matcher m = KEY.matcher(e.getKey());
            if (!m.matches()) {
                throw new ModelException(file + " is not a DCGAN or MLP generator state_dict: unexpected key '"
                        + e.getKey() + "' (expected main.N.weight, main.N.bias, … as in pytorch/examples dcgan)");
            }
            if (m.group(2).equals("weight")) {
                weights.put(Integer.parseInt(m.group(1)), e.getValue());
            }
        }
        if (weights.isEmpty()) {
            throw new ModelException(file + " holds no main.N.weight tensors: not a generator state_dict");
        }
        Npy.Array first = weights.firstEntry().getValue();
        Npy.Array last = weights.lastEntry().getValue();
        if (first.shape().length == 4) {
            if (last.dim(0) == 1 && first.dim(2) == 4 && last.dim(1) != 1) {
                throw new ModelException(file + " is a DCGAN discriminator (it ends in one output channel); "
                        + "open the generator's checkpoint (netG_*.pth)");
            }
            List<Integer> widths = new ArrayList<>();
            int nz = first.dim(0);
            int channels = 0;
            for (Npy.Array w : weights.values()) {
                if (w.shape().length == 4) {
                    if (w.dim(2) != 4 || w.dim(3) != 4) {
                        throw new ModelException(file + ": transposed convolutions with kernel "
                                + w.dim(2) + "x" + w.dim(3) + " are not supported (DCGAN uses 4x4)");
                    }
                    widths.add(w.dim(1));
                    channels = w.dim(1);
                }
            }
            widths.remove(widths.size() - 1);
            int size = 4 << widths.size();
            try {
                int[] g = widths.stream().mapToInt(Integer::intValue).toArray();
                return new NetSpec(NetSpec.Arch.DCGAN, size, channels, nz, g, g);
            } catch (IllegalArgumentException e) {
                throw new ModelException(file + ": unsupported generator shape: " + e.getMessage(), e);
            }
        }
        if (first.shape().length == 2) {
            List<Integer> hidden = new ArrayList<>();
            for (Npy.Array w : weights.values()) {
                hidden.add(w.dim(0));
            }
            int pixels = hidden.remove(hidden.size() - 1);
            int channels = isSquare(pixels) ? 1 : pixels % 3 == 0 && isSquare(pixels / 3) ? 3 : 0;
            if (channels == 0 || pixels == 1) {
                throw new ModelException(file + " is not an image generator: its last layer has " + pixels
                        + " outputs, which is not C·H·W for a square image");
            }
            int size = (int) Math.round(Math.sqrt(pixels / channels));
            int[] h = hidden.stream().mapToInt(Integer::intValue).toArray();
            return NetSpec.mlp(size, channels, first.dim(1), h, h);
        }
        throw new ModelException(file + " is not a generator: main.0.weight has shape " + first.shapeString());
    }

    private static boolean isSquare(int n) {
        int r = (int) Math.round(Math.sqrt(n));
        return r * r == n;
    }

    static GanModel openTorchScript(Path file, NDManager manager) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            if (head.length < 4 || head[0] != 'P' || head[1] != 'K') {
                throw new ModelException(file + " is not a TorchScript module (not a zip archive"
                        + (head.length == 0 ? ": the file is empty)" : ")"));
            }
        } catch (IOException e) {
            throw new ModelException(file + " cannot be read: " + e.getMessage(), e);
        }
        if (!dev.latentlab.nn.EngineCheck.convolutionsSound()) {
            System.err.println("warning: " + file + ": " + dev.latentlab.nn.EngineCheck.advice());
        }
        TorchScriptGenerator g = new TorchScriptGenerator(file, manager);
        String name = file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        ModelInfo info = ModelInfo.of(name, g.spec());
        info.dataset.name = "unknown (TorchScript)";
        info.provenance.trainedWith = "PyTorch (TorchScript " + file.getFileName() + ")";
        return new GanModel(manager, info, g, null, file, GanModel.Source.TORCHSCRIPT);
    }
}
