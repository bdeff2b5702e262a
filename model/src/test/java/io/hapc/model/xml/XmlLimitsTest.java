package io.hapc.model.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.CibFormatException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8, finding 9: hostile documents are refused early, naming the limit and where, never a crash. */
class XmlLimitsTest {
    private static final String HEAD =
            "<cib epoch=\"1\" num_updates=\"0\" admin_epoch=\"0\"><configuration><crm_config/><nodes/>"
                    + "<resources/><constraints/></configuration>";

    /** A document made as it is read: `head`, then `unit` over and over up to `total` bytes, then `tail`. */
    static final class Generated extends InputStream {
        private final byte[] head;
        private final byte[] unit;
        private final byte[] tail;
        private final long total;
        long served;

        Generated(String head, String unit, String tail, long total) {
            this.head = head.getBytes(StandardCharsets.UTF_8);
            this.unit = unit.getBytes(StandardCharsets.UTF_8);
            this.tail = tail.getBytes(StandardCharsets.UTF_8);
            this.total = total;
        }

        @Override
        public int read() {
            if (served >= total) return -1;
            long body = total - head.length - tail.length;
            byte b;
            if (served < head.length) b = head[(int) served];
            else if (served < head.length + body) b = unit[(int) ((served - head.length) % unit.length)];
            else b = tail[(int) (served - head.length - body)];
            served++;
            return b & 0xFF;
        }

        @Override
        public int read(byte[] buf, int off, int len) {
            if (served >= total) return -1;
            int n = 0;
            while (n < len && served < total) buf[off + n++] = (byte) read();
            return n;
        }
    }

    private static String refusal(InputStream in, XmlLimits limits) {
        return assertThrows(CibFormatException.class, () -> CibXmlReader.read(in, "hostile.xml", limits))
                .getMessage();
    }

    private static String refusal(String xml, XmlLimits limits) {
        return refusal(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), limits);
    }

    @Test
    void threeThousandLevelsOfNestingStopAtLevelSixtyFiveWithLineAndColumn() {
        String xml = "<cib>\n<configuration>" + "<x>".repeat(3000) + "</x>".repeat(3000) + "</configuration></cib>";
        String m = refusal(xml, XmlLimits.CIB);
        assertTrue(
                m.startsWith(
                        "hostile.xml: line 2: too large or complex: elements are nested deeper than 64 levels (column "),
                m);
        // <configuration> is level 2, so the 63rd <x> is the 65th level: the parser stands right after it
        assertTrue(m.contains("(column " + (15 + 63 * 3 + 1) + ")"), m);
    }

    @Test
    void twoHundredMegabytesOfSmallElementsAreRefusedAfterAFewMegabytes() {
        Generated in =
                new Generated("<cib><configuration><nodes>", "<a/>", "</nodes></configuration></cib>", 200_000_000L);
        long t0 = System.nanoTime();
        String m = refusal(in, XmlLimits.CIB);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(m.contains("too large or complex: the document has more than 500000 elements"), m);
        assertTrue(in.served < 4L * 1024 * 1024, "refused early, after " + in.served + " bytes");
        assertTrue(ms < 20_000, "refused in " + ms + " ms");
    }

    @Test
    void aDocumentOverTheByteLimitStopsBeingReadThere() {
        Generated in = new Generated("<cib><configuration>", " ", "</configuration></cib>", 10L * 1024 * 1024);
        XmlLimits small = new XmlLimits(1024 * 1024, 64, 1000, 8, 1000, 100, 100, 1000);
        String m = refusal(in, small);
        assertTrue(m.contains("too large: the document is larger than 1 MiB (stopped reading there)"), m);
        assertTrue(in.served <= 1024 * 1024 + 8192, "read " + in.served + " bytes");
        // exactly at the limit is within it
        String doc = HEAD + "<status/></cib>";
        XmlLimits exact = new XmlLimits(doc.length(), 64, 1000, 8, 1000, 100, 100, 1000);
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() ->
                CibXmlReader.read(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)), "exact.xml", exact));
        XmlLimits under = new XmlLimits(doc.length() - 1, 64, 1000, 8, 1000, 100, 100, 1000);
        assertTrue(refusal(doc, under).contains("larger than " + (doc.length() - 1) + " bytes"));
    }

    @Test
    void attributesAndTextHaveLimitsToo() {
        XmlLimits small = new XmlLimits(1024 * 1024, 64, 1000, 3, 10, 20, 40, 50);
        assertTrue(refusal("<cib a=\"1\" b=\"2\" c=\"3\" d=\"4\"/>", small)
                .contains("<cib> has 4 attributes, more than 3"));
        assertTrue(refusal("<cib a=\"123456789012345678901\"/>", small)
                .contains("attribute 'a' of <cib> is longer than 20 characters"));
        assertTrue(refusal("<cib><x>" + "t".repeat(41) + "</x></cib>", small)
                .contains("the text of <x> is longer than 40 characters"));
        assertTrue(refusal("<cib>" + "<x a=\"1234567890\"/>".repeat(6) + "</cib>", small)
                .contains("attribute values and text add up to more than 50 characters"));
        assertTrue(refusal("<cib>" + "<x a=\"\" b=\"\" c=\"\"/>".repeat(4) + "</cib>", small)
                .contains("more than 10 attributes"));
        assertTrue(refusal("<cib>" + "<x/>".repeat(1000) + "</cib>", small).contains("more than 1000 elements"));
    }

    @Test
    void aDoctypeIsRefusedSoNoEntityIsExpanded() {
        String laughs =
                "<?xml version=\"1.0\"?>\n<!DOCTYPE cib [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                        + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>\n"
                        + "<cib a=\"&d;&d;&d;&d;\"/>";
        assertEquals(
                "hostile.xml: line 2: not allowed in a CIB: a DOCTYPE (hapc reads no DTDs and expands no entities: "
                        + "remove the <!DOCTYPE …>) (column 175)",
                refusal(laughs, XmlLimits.CIB));
        assertTrue(refusal("<cib>&foo;</cib>", XmlLimits.CIB)
                .contains("not allowed in a CIB: the entity reference &foo;"));
    }

    @Test
    void anExternalEntityIsNeverRead(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "TOPSECRET");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE cib [<!ENTITY s SYSTEM \"" + secret.toUri() + "\">]>\n"
                + HEAD.replace(
                        "<crm_config/>",
                        "<crm_config><cluster_property_set id=\"o\"><nvpair id=\"o1\" name=\"cluster-name\" value=\"&s;\"/>"
                                + "</cluster_property_set></crm_config>")
                + "<status/></cib>";
        String m = refusal(xxe, XmlLimits.CIB);
        assertTrue(!m.contains("TOPSECRET"), m);
        assertTrue(m.contains("not allowed in a CIB: a DOCTYPE"), m);
    }

    @Test
    void ordinaryCibsAreWellWithinTheLimits() throws Exception {
        Cib cib = CibXmlReader.read(
                Path.of(System.getProperty("hapc.root.dir", "..")).resolve("examples/web-cluster.xml"));
        assertTrue(cib.resources().size() > 2);
        assertEquals(
                0, CibXmlReader.read(HEAD + "<status/></cib>", "t").resources().size());
    }
}
