package dev.latentlab.ui.arithmetic;

import dev.latentlab.latent.ConceptArithmetic.Concept;
import dev.latentlab.latent.ConceptArithmetic.Expression;
import dev.latentlab.latent.ConceptArithmetic.Term;
import java.util.ArrayList;
import java.util.List;

/**
 * The Arithmetic view's list of signed concepts, in the order the user reads them, one of which is
 * the <em>base</em>:
 * <pre>
 *   result = mean(base) + s · Σ sign_i · mean(term_i)   (every term but the base, in order)
 * </pre>
 * The base is the point the scale s walks from (s = 0 shows it, s = 1 is the plain signed sum of
 * all terms, s &gt; 1 goes beyond), as C is in the paper's A − B + C = C + s·(A − B). It is always a
 * + term, cannot be removed and cannot flip its sign; the user may make another + term the base.
 * Adding a term leaves the base where it is, so removing the added terms again gives back exactly
 * the expression (and the bit-identical result) there was before.
 * <p>Holds concepts only; the view keeps one column per entry, in the same order.
 */
public final class TermList {
    /** An expression needs a base and at least one term to move it. */
    static final int MIN_TERMS = 2;
    /** Letters A…H are enough for a row of columns. */
    static final int MAX_TERMS = 8;

    private final List<Concept> concepts = new ArrayList<>();
    private final List<Integer> signs = new ArrayList<>();
    private int base;

    /** The paper's A − B + C: A +, B −, C + and the base. */
    static TermList paper(String a, String b, String c) {
        TermList t = new TermList();
        t.concepts.addAll(List.of(Concept.empty(a), Concept.empty(b), Concept.empty(c)));
        t.signs.addAll(List.of(1, -1, 1));
        t.base = 2;
        return t;
    }

    /** "A", "B", … for the i-th term. */
    static String letter(int i) {
        return String.valueOf((char) ('A' + i));
    }

    int size() {
        return concepts.size();
    }

    Concept concept(int i) {
        return concepts.get(i);
    }

    void set(int i, Concept c) {
        concepts.set(i, c);
    }

    int sign(int i) {
        return signs.get(i);
    }

    int base() {
        return base;
    }

    boolean isBase(int i) {
        return i == base;
    }

    boolean canAdd() {
        return size() < MAX_TERMS;
    }

    /** Appends a + term; returns its index. The base stays where it is. */
    int add(Concept c) {
        if (!canAdd()) {
            throw new IllegalStateException("at most " + MAX_TERMS + " terms");
        }
        concepts.add(c);
        signs.add(1);
        return size() - 1;
    }

    /** Any term but the base, while more than {@link #MIN_TERMS} remain. */
    boolean canRemove(int i) {
        return i != base && size() > MIN_TERMS;
    }

    void remove(int i) {
        if (!canRemove(i)) {
            throw new IllegalStateException(i == base ? "the base cannot be removed" : "at least " + MIN_TERMS + " terms");
        }
        concepts.remove(i);
        signs.remove(i);
        if (i < base) {
            base--;
        }
    }

    /** Any term but the base (which stays +). */
    boolean canFlip(int i) {
        return i != base;
    }

    void flip(int i) {
        if (!canFlip(i)) {
            throw new IllegalStateException("the base is always +");
        }
        signs.set(i, -signs.get(i));
    }

    /** Any + term may become the base. */
    boolean canBeBase(int i) {
        return signs.get(i) > 0;
    }

    void setBase(int i) {
        if (!canBeBase(i)) {
            throw new IllegalStateException("only a + term can be the base");
        }
        base = i;
    }

    /** Back to the paper's A (+), B (−), C (+, the base), keeping the first three concepts (empty ones added when fewer). */
    void resetToPaper() {
        while (size() < 3) {
            concepts.add(Concept.empty(""));
        }
        concepts.subList(3, size()).clear();
        signs.clear();
        signs.addAll(List.of(1, -1, 1));
        base = 2;
    }

    /** Replaces the whole list (an opened expression): concepts and signs in order, and the base, a + term. */
    void restore(List<Concept> cs, List<Integer> ss, int newBase) {
        if (cs.size() != ss.size() || cs.size() < MIN_TERMS || cs.size() > MAX_TERMS) {
            throw new IllegalArgumentException(cs.size() + " concepts and " + ss.size() + " signs; a list holds "
                    + MIN_TERMS + " to " + MAX_TERMS + " terms");
        }
        if (ss.stream().anyMatch(x -> x != 1 && x != -1) || newBase < 0 || newBase >= cs.size() || ss.get(newBase) != 1) {
            throw new IllegalArgumentException("signs are +1 or -1 and the base is a + term; got " + ss + ", base " + newBase);
        }
        concepts.clear();
        concepts.addAll(cs);
        signs.clear();
        signs.addAll(ss);
        base = newBase;
    }

    /** mean(base) + scale · Σ sign · mean(term) over the other terms in order. */
    Expression expression(double scale) {
        List<Term> terms = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            if (i != base) {
                terms.add(new Term(concepts.get(i), signs.get(i)));
            }
        }
        return new Expression(concepts.get(base), terms, scale);
    }

    /** Indices (in order) of the terms with fewer than {@code min} exemplars. */
    List<Integer> tooSmall(int min) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            if (concepts.get(i).size() < min) {
                out.add(i);
            }
        }
        return out;
    }

    /** The expression with the concepts' names in order: "smiling woman − neutral woman + neutral man". */
    String describe() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < size(); i++) {
            appendSigned(sb, i == 0, signs.get(i), concepts.get(i).name(), "− ");
        }
        return sb.toString();
    }

    /** The formula in letters, base first: "C + s·(A − B)". */
    String formula() {
        StringBuilder sb = new StringBuilder();
        boolean first = true;
        for (int i = 0; i < size(); i++) {
            if (i != base) {
                appendSigned(sb, first, signs.get(i), letter(i), "−");
                first = false;
            }
        }
        return letter(base) + " + s·(" + sb + ")";
    }

    private static void appendSigned(StringBuilder sb, boolean first, int sign, String what, String leadingMinus) {
        if (!first) {
            sb.append(sign > 0 ? " + " : " − ");
        } else if (sign < 0) {
            sb.append(leadingMinus);
        }
        sb.append(what);
    }
}
