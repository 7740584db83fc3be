/**
 * The 1-D GAN lab: a generator and a discriminator small enough to write by hand (plain Java
 * doubles, hand-written backpropagation and Adam, no DJL autograd), and beside them a VAE written
 * the same way, trained on 1-D data whose density is known exactly, so that the real density, the
 * generator's and the VAE's densities, D(x) and the tails (quantiles, a QQ plot) can be drawn as
 * training goes, or measured without a window ({@link dev.latentlab.lab1d.TailReport}).
 */
package dev.latentlab.lab1d;
