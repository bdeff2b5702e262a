package io.hapc.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NinesTest {
    @Test
    void theNinesTableOfAnHaGuide() {
        assertEquals("99.9%", new Nines(0.999).percent());
        assertEquals("3.0 nines", new Nines(0.999).ninesText());
        assertEquals("8 h 45 min per year", new Nines(0.999).downtimePerYearText());
        assertEquals("99.99%", new Nines(0.9999).percent());
        assertEquals("52 min 35 s per year", new Nines(0.9999).downtimePerYearText());
        assertEquals("99.999%", new Nines(0.99999).percent());
        assertEquals("5 min 15 s per year", new Nines(0.99999).downtimePerYearText());
        assertEquals("100%", new Nines(1).percent());
        assertEquals("no downtime", new Nines(1).ninesText());
        assertEquals("not measured", new Nines(Double.NaN).percent());
    }
}
