package dev.latentlab.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The curves the Train view draws are the gradients autograd computes (what explain losses prints). */
class GeneratorLossesTest {
    @Test
    void closedFormGradientsEqualAutogradAndTheMinimaxOneVanishesWhenDWins() {
        float[] logits = {-9, -4, -1, 0, 0.5f, 2, 6};
        GeneratorLosses.Gradients g = GeneratorLosses.byAutograd(logits);
        for (int i = 0; i < logits.length; i++) {
            double d = 1 / (1 + Math.exp(-logits[i]));
            assertEquals(g.minimax()[i], GeneratorLosses.minimaxGradient(d), 1e-6, "minimax at l " + logits[i]);
            assertEquals(g.nonSaturating()[i], GeneratorLosses.nonSaturatingGradient(d), 1e-6, "non-saturating at l " + logits[i]);
        }
        // D wins (D(G(z)) = σ(−9) ≈ 1.2e-4): the minimax gradient is ~1e-4, the non-saturating one ~−1
        assertTrue(Math.abs(g.minimax()[0]) < 2e-4 && g.nonSaturating()[0] < -0.999);
        assertEquals(Math.log(0.75), GeneratorLosses.minimax(0.25), 1e-12);
        assertEquals(-Math.log(0.25), GeneratorLosses.nonSaturating(0.25), 1e-12);
    }
}
