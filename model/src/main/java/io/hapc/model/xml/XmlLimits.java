package io.hapc.model.xml;

/**
 * Bounds on a CIB document, checked while it streams in, so that hostile input (a file of millions
 * of tiny elements, thousands of nesting levels, huge attributes) is refused early, with what limit
 * and where, instead of exhausting memory or the stack. Pacemaker's CIBs nest about 10 deep (rules
 * within rules a few more), carry a few attributes per element and fit in a few MiB; these limits
 * are far above that and keep the parsed tree well under 1 GiB. DOCTYPEs are always refused (no
 * entity expansion, no external entities).
 *
 * @param maxBytes               size of the document in bytes
 * @param maxDepth               element nesting
 * @param maxElements            elements in the whole document
 * @param maxAttributesPerElement attributes on one element
 * @param maxAttributes          attributes in the whole document
 * @param maxAttributeChars      characters in one attribute value
 * @param maxTextChars           character data in one element (admin rule files are CDATA text)
 * @param maxTotalChars          attribute values and character data of the whole document together
 */
public record XmlLimits(
        long maxBytes,
        int maxDepth,
        int maxElements,
        int maxAttributesPerElement,
        int maxAttributes,
        int maxAttributeChars,
        int maxTextChars,
        long maxTotalChars) {
    public static final long MIB = 1024L * 1024;

    /** What every CIB read by hapc must fit in. */
    public static final XmlLimits CIB =
            new XmlLimits(256 * MIB, 64, 500_000, 64, 2_000_000, 1024 * 1024, 8 * 1024 * 1024, 64 * MIB);

    public XmlLimits {
        if (maxBytes <= 0
                || maxDepth <= 0
                || maxElements <= 0
                || maxAttributesPerElement <= 0
                || maxAttributes <= 0
                || maxAttributeChars <= 0
                || maxTextChars <= 0
                || maxTotalChars <= 0) {
            throw new IllegalArgumentException("XML limits must be positive");
        }
    }

    /** "256 MiB", "64 KiB", "12 bytes": how limits are shown to admins. */
    static String size(long bytes) {
        if (bytes >= MIB && bytes % MIB == 0) return bytes / MIB + " MiB";
        if (bytes >= 1024 && bytes % 1024 == 0) return bytes / 1024 + " KiB";
        return bytes + " bytes";
    }
}
