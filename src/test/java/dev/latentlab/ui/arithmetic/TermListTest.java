package dev.latentlab.ui.arithmetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.latent.ConceptArithmetic.Concept;
import dev.latentlab.latent.ConceptArithmetic.Expression;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Arithmetic view's list of signed terms, without a window. */
class TermListTest {
    static Concept concept(String name, float[]... zs) {
        return new Concept(name, List.of(zs));
    }

    static TermList paper() {
        TermList t = TermList.paper("a", "b", "c");
        t.set(0, concept("smiling woman", new float[] {1, 1}, new float[] {3, 1}));
        t.set(1, concept("neutral woman", new float[] {0, 1}, new float[] {0, 3}));
        t.set(2, concept("neutral man", new float[] {10, 10}));
        return t;
    }

    @Test
    void theDefaultIsThePapersAMinusBPlusCWithCAsBase() {
        TermList t = paper();
        assertEquals("smiling woman − neutral woman + neutral man", t.describe());
        assertEquals("C + s·(A − B)", t.formula());
        for (double s : new double[] {0, 1, 2, -0.5}) {
            assertArrayEquals(Expression.of(t.concept(0), t.concept(1), t.concept(2), s).result(),
                    t.expression(s).result(), 0f);
        }
    }

    @Test
    void moreTermsAddUpAroundTheBaseAndLeaveWithoutATrace() {
        TermList t = paper();
        float[] before = t.expression(1).result();
        int d = t.add(concept("glasses", new float[] {0, 4}));
        assertEquals(3, d);
        assertEquals(2, t.base(), "adding a term leaves the base where it is");
        assertArrayEquals(new float[] {12, 13}, t.expression(1).result(), 1e-6f);
        assertArrayEquals(new float[] {10, 10}, t.expression(0).result(), 1e-6f, "s = 0 is the base");
        t.flip(d);
        assertArrayEquals(new float[] {12, 5}, t.expression(1).result(), 1e-6f);
        assertEquals("smiling woman − neutral woman + neutral man − glasses", t.describe());
        assertEquals("C + s·(A − B − D)", t.formula());
        t.remove(d);
        assertArrayEquals(before, t.expression(1).result(), 0f);
    }

    @Test
    void theBaseIsAPlusTermThatStays() {
        TermList t = paper();
        assertFalse(t.canRemove(2));
        assertFalse(t.canFlip(2));
        assertFalse(t.canBeBase(1));
        assertThrows(IllegalStateException.class, () -> t.remove(2));
        t.setBase(0);
        assertEquals("A + s·(−B + C)", t.formula());
        assertArrayEquals(new float[] {12, 9}, t.expression(1).result(), 1e-6f, "s = 1 is the same sum whatever the base");
        assertArrayEquals(new float[] {2, 1}, t.expression(0).result(), 1e-6f);
        t.remove(1);
        assertEquals(0, t.base());
        assertFalse(t.canRemove(1), "two terms remain");
        t.add(Concept.empty("x"));
        t.remove(1);
        assertEquals(List.of(1), t.tooSmall(1));
        t.resetToPaper();
        assertEquals(3, t.size());
        assertEquals(2, t.base());
        assertEquals(List.of(1, -1, 1), List.of(t.sign(0), t.sign(1), t.sign(2)));
        assertTrue(t.canAdd());
    }
}
