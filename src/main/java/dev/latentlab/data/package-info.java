/**
 * Training data input, in plain Java (no DJL): datasets are decoded once into an in-memory
 * {@link dev.latentlab.data.ImageSet} (uint8 CHW per image) and fed to the trainer as NCHW float
 * batches in [-1, 1] by a {@link dev.latentlab.data.BatchStream}.
 *
 * <p>Sources, all opened through {@link dev.latentlab.data.DatasetSource#open}: folders of images
 * ({@link dev.latentlab.data.ImageFolder}, with optional CelebA-style
 * {@link dev.latentlab.data.AttributeTable}), MNIST IDX files ({@link dev.latentlab.data.Idx}) and
 * the built-in digits ({@link dev.latentlab.data.BuiltinDatasets}). Problems the user must fix
 * are reported as {@link dev.latentlab.data.DatasetException} with a readable message.
 */
package dev.latentlab.data;
