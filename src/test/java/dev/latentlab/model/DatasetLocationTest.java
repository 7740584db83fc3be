package dev.latentlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** A generated dataset's source carries how it was made; the views and eval open the folder without it. */
class DatasetLocationTest {
    @Test
    void theMadeByNoteIsNotPartOfTheLocation() {
        ModelInfo.Dataset d = new ModelInfo.Dataset();
        d.source = "/work/data/faces64h (made by: node tools/facegen/generate.js --count 20000 --seed 1)";
        assertEquals("/work/data/faces64h", d.location());
        d.source = "builtin:digits";
        assertEquals("builtin:digits", d.location());
        d.source = null;
        assertNull(d.location());
    }
}
