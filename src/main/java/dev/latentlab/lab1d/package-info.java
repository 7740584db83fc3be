/**
 * The 1-D GAN lab: a generator and a discriminator small enough to write by hand (plain Java
 * doubles, hand-written backpropagation and Adam, no DJL autograd), trained on 1-D data whose
 * density is known exactly, so that the real density, the generator's density and D(x) can be
 * drawn on one picture as training goes.
 */
package dev.latentlab.lab1d;
