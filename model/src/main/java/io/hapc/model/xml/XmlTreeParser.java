package io.hapc.model.xml;

import io.hapc.model.cib.CibFormatException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streams an XML document into an {@link XmlElement} tree (StAX keeps line numbers; no DTDs, no
 * entities), within {@link XmlLimits}: a document over a limit stops being read where it crosses it.
 */
final class XmlTreeParser {
    private XmlTreeParser() {}

    static XmlElement parse(InputStream in, String source, XmlLimits limits) throws CibFormatException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        CountingStream counted = new CountingStream(in, limits.maxBytes());
        Deque<Builder> stack = new ArrayDeque<>();
        XmlElement root = null;
        long elements = 0;
        long attributes = 0;
        long chars = 0;
        XMLStreamReader r = null;
        try {
            r = factory.createXMLStreamReader(counted);
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    if (stack.size() >= limits.maxDepth()) {
                        throw over(source, r, "elements are nested deeper than " + limits.maxDepth() + " levels");
                    }
                    if (++elements > limits.maxElements()) {
                        throw over(source, r, "the document has more than " + limits.maxElements() + " elements");
                    }
                    int count = r.getAttributeCount();
                    if (count > limits.maxAttributesPerElement()) {
                        throw over(
                                source,
                                r,
                                "<" + r.getLocalName() + "> has " + count + " attributes, more than "
                                        + limits.maxAttributesPerElement());
                    }
                    attributes += count;
                    if (attributes > limits.maxAttributes()) {
                        throw over(source, r, "the document has more than " + limits.maxAttributes() + " attributes");
                    }
                    Map<String, String> attrs = new LinkedHashMap<>(Math.max(2, count * 2));
                    for (int i = 0; i < count; i++) {
                        String value = r.getAttributeValue(i);
                        if (value.length() > limits.maxAttributeChars()) {
                            throw over(
                                    source,
                                    r,
                                    "attribute '" + r.getAttributeLocalName(i) + "' of <" + r.getLocalName()
                                            + "> is longer than " + limits.maxAttributeChars() + " characters");
                        }
                        chars += value.length();
                        attrs.put(r.getAttributeLocalName(i), value);
                    }
                    if (chars > limits.maxTotalChars()) {
                        throw over(
                                source,
                                r,
                                "attribute values and text add up to more than " + limits.maxTotalChars()
                                        + " characters");
                    }
                    stack.push(
                            new Builder(r.getLocalName(), attrs, r.getLocation().getLineNumber()));
                } else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) {
                    if (stack.isEmpty()) continue;
                    Builder b = stack.peek();
                    int kept = b.text(r.getText(), ev == XMLStreamConstants.CDATA);
                    chars += kept;
                    if (b.text != null && b.text.length() > limits.maxTextChars()) {
                        throw over(
                                source,
                                r,
                                "the text of <" + b.name + "> is longer than " + limits.maxTextChars() + " characters");
                    }
                    if (chars > limits.maxTotalChars()) {
                        throw over(
                                source,
                                r,
                                "attribute values and text add up to more than " + limits.maxTotalChars()
                                        + " characters");
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    Builder b = stack.pop();
                    XmlElement e = new XmlElement(
                            b.name,
                            Collections.unmodifiableMap(b.attrs),
                            List.copyOf(b.children),
                            b.line,
                            b.text == null || b.text.toString().isBlank() ? "" : b.text.toString());
                    if (stack.isEmpty()) root = e;
                    else stack.peek().children.add(e);
                } else if (ev == XMLStreamConstants.DTD) {
                    throw notAllowed(
                            source,
                            r,
                            "a DOCTYPE (hapc reads no DTDs and expands no entities: remove the <!DOCTYPE …>)");
                } else if (ev == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw notAllowed(
                            source,
                            r,
                            "the entity reference &" + r.getLocalName() + "; (only &lt; &gt; &amp; "
                                    + "&quot; &apos; and character references such as &#10;)");
                }
            }
        } catch (XMLStreamException e) {
            if (counted.exceeded) throw tooLarge(source, limits);
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
            String col =
                    e.getLocation() == null ? "" : ", column " + e.getLocation().getColumnNumber();
            String msg = e.getMessage() == null
                    ? "malformed XML"
                    : e.getMessage().replaceAll("(?s)^ParseError at \\[row,col\\]:\\[\\d+,\\d+\\]\\s*Message:\\s*", "");
            throw new CibFormatException(source, "malformed XML" + col + ": " + msg.trim(), line);
        } catch (RuntimeException e) {
            // The JDK's StAX reader reports some read failures unchecked; the size limit is one of them.
            if (counted.exceeded) throw tooLarge(source, limits);
            throw e;
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // closing a reader that failed: nothing left to report
                }
            }
        }
        if (root == null) throw new CibFormatException(source, "empty document (expected a <cib> element)", 0);
        return root;
    }

    private static CibFormatException over(String source, XMLStreamReader r, String what) {
        Location at = r.getLocation();
        return new CibFormatException(
                source,
                "too large or complex: " + what + " (column " + at.getColumnNumber()
                        + "); hapc refuses documents beyond its limits rather than run out of memory",
                at.getLineNumber());
    }

    private static CibFormatException notAllowed(String source, XMLStreamReader r, String what) {
        Location at = r.getLocation();
        return new CibFormatException(
                source, "not allowed in a CIB: " + what + " (column " + at.getColumnNumber() + ")", at.getLineNumber());
    }

    private static CibFormatException tooLarge(String source, XmlLimits limits) {
        return new CibFormatException(
                source,
                "too large: the document is larger than " + XmlLimits.size(limits.maxBytes())
                        + " (stopped reading there); hapc refuses documents beyond its limits rather than run out of memory",
                0);
    }

    /** Counts bytes as the parser reads them and stops past the limit (the parser's read fails; `exceeded` says why). */
    private static final class CountingStream extends FilterInputStream {
        private final long max;
        private long count;
        boolean exceeded;

        CountingStream(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            if (count >= max) return endOrExceeded();
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (len == 0) return 0;
            if (count >= max) return endOrExceeded();
            int n = super.read(buf, off, (int) Math.min(len, max - count));
            if (n > 0) count += n;
            return n;
        }

        /** At the limit: a document of exactly `max` bytes ends here; one byte more is one too many. */
        private int endOrExceeded() throws IOException {
            if (super.read() < 0) return -1;
            exceeded = true;
            throw new IOException("document larger than " + max + " bytes");
        }
    }

    private static final class Builder {
        final String name;
        final Map<String, String> attrs;
        final int line;
        final List<XmlElement> children = new ArrayList<>();
        /** Only elements with character data get one (most have none but indentation). */
        StringBuilder text;

        /** Indentation before the first real text is dropped; CDATA is kept verbatim. Returns the characters kept. */
        int text(String chars, boolean cdata) {
            if (text == null) {
                if (chars.isBlank() && !cdata) return 0;
                text = new StringBuilder();
            }
            text.append(chars);
            return chars.length();
        }

        Builder(String name, Map<String, String> attrs, int line) {
            this.name = name;
            this.attrs = attrs;
            this.line = line;
        }
    }
}
