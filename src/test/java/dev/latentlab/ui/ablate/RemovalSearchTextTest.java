package dev.latentlab.ui.ablate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What the Ablate view's search says while it runs and when it is cancelled. */
class RemovalSearchTextTest {
    @Test
    void progressSaysHowLongIsLeftAndCancelSaysHowFarItGot() {
        assertEquals("Searching… 40% · about 0:12 left", RemovalSearchPanel.searchingText(40, "0:12"));
        assertEquals("Searching… 0%", RemovalSearchPanel.searchingText(0, ""));
        assertEquals("Search cancelled at 40% (10 of 25 channels picked); the ranking is unchanged.",
                RemovalSearchPanel.cancelledText(
                        "search cancelled at 40% (10 of 25 channels picked); nothing was removed"));
        assertEquals("Search cancelled before it measured anything; the ranking is unchanged.",
                RemovalSearchPanel.cancelledText("ablation search cancelled"));
        assertEquals("Search cancelled before it measured anything; the ranking is unchanged.",
                RemovalSearchPanel.cancelledText(null));
    }
}
