package dev.latentlab.cli;

import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import dev.latentlab.model.PyTorchExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a model for another tool.",
            "--format pth: DIR/netG.pth and DIR/netD.pth, PyTorch state_dicts with pytorch/examples",
            "  dcgan's key names (torch.load reads them; its main.py --netG/--netD continues training).",
            "--format safetensors: DIR/netG.safetensors and DIR/netD.safetensors, the same state_dicts",
            "  (float32) in the safetensors format (safetensors.torch.load_file reads them).",
            "--format npz: a LatentLab model folder (model.json, generator.npz, discriminator.npz)."})
final class ExportCommand implements Callable<Integer> {
    enum Format { pth, safetensors, npz }

    @Option(names = "--model", required = true, description = "model folder or state_dict (.pth, .safetensors)")
    Path model;

    @Option(names = "--format", defaultValue = "pth", description = "pth, safetensors or npz (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--out", required = true, description = "folder to write (created if needed)")
    Path out;

    @Option(names = "--force", description = "replace the whole --out folder when it holds a model already")
    boolean force;

    /** Files that make a folder a model (LatentLab's or an exported PyTorch pair). */
    private static final java.util.List<String> MODEL_FILES = java.util.List.of(ModelStore.INFO,
            ModelStore.GENERATOR, ModelStore.DISCRIMINATOR, ModelStore.ENCODER, PyTorchExport.NET_G,
            PyTorchExport.NET_D, PyTorchExport.NET_E);

    @Override
    public Integer call() throws Exception {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            System.err.println("error: --out " + out + " is a file; give a folder to write into");
            return 2;
        }
        Path existing = out.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isWritable(existing)) {
            System.err.println("error: --out " + out + " cannot be created: " + existing + " is not writable");
            return 2;
        }
        try (GanModel m = ModelStore.open(model)) {
            if (m.source() == GanModel.Source.TORCHSCRIPT) {
                System.err.println("error: " + model + " is a TorchScript module; export reads model folders "
                        + "and state_dicts (.pth, .safetensors)");
                return 2;
            }
            String held = MODEL_FILES.stream().filter(f -> Files.exists(out.resolve(f))).findFirst().orElse(null);
            if (held != null && !force) {
                System.err.println("error: " + out + " holds a model already (" + held + "); --force replaces the "
                        + "whole folder, or choose another --out");
                return 2;
            }
            // a new or replaced folder is written whole under a hidden name and renamed, so an export cut
            // short leaves the previous folder as it was; files added to a folder that holds other things
            // are each renamed into place (model.json last, with the sums that expose a mixed set)
            boolean whole = held != null || !Files.exists(out) || isEmpty(out);
            PyTorchExport.Result[] written = new PyTorchExport.Result[1];
            ModelStore.FolderContents contents = dir -> {
                if (format == Format.npz) {
                    ModelStore.save(m, dir);
                } else {
                    written[0] = PyTorchExport.write(m, dir, out, format == Format.safetensors
                            ? PyTorchExport.Format.SAFETENSORS : PyTorchExport.Format.PTH);
                }
            };
            if (whole) {
                ModelStore.saveFolder(out, contents);
            } else {
                contents.writeTo(out);
            }
            if (format == Format.npz) {
                System.err.println("wrote " + out + " (" + ModelStore.INFO + ", " + ModelStore.GENERATOR
                        + (m.discriminator() != null ? ", " + ModelStore.DISCRIMINATOR : "")
                        + (m.encoder() != null ? ", " + ModelStore.ENCODER : "") + ") of " + m.name());
                return 0;
            }
            PyTorchExport.Result r = written[0];
            for (Path f : r.files()) {
                System.err.println("wrote " + f + " (" + Files.size(f) / 1024 + " KiB)");
            }
            System.err.println("continue in PyTorch: " + r.continueWith());
            return 0;
        }
    }

    private static boolean isEmpty(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
